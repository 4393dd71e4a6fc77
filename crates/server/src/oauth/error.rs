//! Errors of the token and revocation endpoints, in RFC 6749 5.2's shape
//! (`{"error":"invalid_grant","error_description":"..."}`) rather than the API's envelope, so
//! any OAuth client library understands them.

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
    /// Not `authorization_code` or `refresh_token`.
    #[error("unsupported_grant_type")]
    UnsupportedGrantType,
    /// A bug or an outage; logged, never detailed to the client.
    #[error("server_error: {0}")]
    Server(String),
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
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
            Self::UnsupportedGrantType => (
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
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
            axum::Json(Body {
                error,
                error_description,
            }),
        )
            .into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        if matches!(self, Self::InvalidClient { basic: true, .. }) {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"rushes\""),
            );
        }
        response
    }
}
