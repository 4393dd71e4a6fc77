//! Errors of the token and revocation endpoints, in RFC 6749 5.2's shape
//! (`{"error":"invalid_grant","error_description":"..."}`) rather than the API's envelope, so
//! any OAuth client library understands them.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::auth::password::HashError;

/// A failed token or revocation request.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// A parameter is missing, repeated or malformed.
    #[error("invalid_request: {0}")]
    InvalidRequest(&'static str),
    /// The client is unknown or failed to authenticate. `basic` says whether it tried HTTP
    /// Basic, which is then challenged (RFC 6749 5.2).
    #[error("invalid_client: {message}")]
    InvalidClient { message: &'static str, basic: bool },
    /// The code or refresh token is invalid, expired, used, or not this client's.
    #[error("invalid_grant: {0}")]
    InvalidGrant(&'static str),
    /// The client may not use this grant (a public app asking for client credentials).
    #[error("unauthorized_client: {0}")]
    UnauthorizedClient(&'static str),
    /// Too many failed sign-ins for this user or address; the password was not checked. A 429
    /// with `Retry-After`, so clients back off instead of retrying at once.
    #[error("locked for {0:?}")]
    Locked(Duration),
    /// Not `authorization_code`, `refresh_token` or `client_credentials`.
    #[error("unsupported_grant_type")]
    UnsupportedGrantType,
    /// A bug or an outage; logged, never detailed to the client.
    #[error("server_error: {0}")]
    Server(String),
}

/// The body of every failed token or revocation request (RFC 6749 5.2).
#[derive(Serialize, utoipa::ToSchema)]
pub struct OAuthErrorBody<'a> {
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `unauthorized_client`,
    /// `unsupported_grant_type` or `server_error`.
    error: &'a str,
    /// For the developer; never shown to end users as is.
    error_description: &'a str,
}

impl OAuthError {
    fn parts(&self) -> (StatusCode, &'static str, &str) {
        match self {
            Self::InvalidRequest(m) => (StatusCode::BAD_REQUEST, "invalid_request", m),
            Self::InvalidClient { message, .. } => {
                (StatusCode::UNAUTHORIZED, "invalid_client", message)
            }
            Self::InvalidGrant(m) => (StatusCode::BAD_REQUEST, "invalid_grant", m),
            Self::UnauthorizedClient(m) => (StatusCode::BAD_REQUEST, "unauthorized_client", m),
            Self::Locked(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                "invalid_grant",
                "too many failed sign-ins; the account is locked for a while",
            ),
            Self::UnsupportedGrantType => (
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code, refresh_token or client_credentials",
            ),
            Self::Server(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "the server failed; the details are in its log",
            ),
        }
    }
}

impl From<sqlx::Error> for OAuthError {
    fn from(e: sqlx::Error) -> Self {
        Self::Server(format!("database: {e}"))
    }
}

impl From<HashError> for OAuthError {
    fn from(e: HashError) -> Self {
        Self::Server(format!("hashing: {e}"))
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        if let Self::Server(detail) = &self {
            tracing::error!(error = %detail, "token request failed");
        }
        let (status, error, error_description) = self.parts();
        let mut response = (
            status,
            axum::Json(OAuthErrorBody {
                error,
                error_description,
            }),
        )
            .into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        if let Self::Locked(wait) = &self {
            // Round up: telling a client to come back before the lock ends wastes its try.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
                headers.insert(header::RETRY_AFTER, v);
            }
        }
        if matches!(self, Self::InvalidClient { basic: true, .. }) {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"rushes\""),
            );
        }
        response
    }
}
