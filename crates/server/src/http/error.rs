//! `ApiError`: every way a request can fail, and the one place that turns it into the error
//! envelope (`{"status","status_message","error","code"}`).

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::error::{ErrorCode, ErrorEnvelope};

use crate::auth::password::HashError;

/// Field name -> problems; `base` holds problems with the whole request.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// What `WWW-Authenticate` says on every 401 (RFC 6750 3).
const WWW_AUTHENTICATE: &str = "Bearer realm=\"rushes\"";

/// A failed request. Handlers return it; `IntoResponse` renders the envelope.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422: the input broke the rules; the map says which fields and why.
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    /// 401: no credentials, or ones that are invalid, expired or revoked.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// 403: a member whose role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// 404: does not exist, or the caller may not know that it exists.
    #[error("not found")]
    NotFound,
    /// 409: a sibling already has this name.
    #[error("name taken")]
    NameTaken,
    /// 409: the request conflicts with the resource's state; the message says how.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 403: a signed media URL that expired or was not made by this server.
    #[error("link expired")]
    LinkExpired,
    /// An extractor refused the request before the handler ran (bad JSON, wrong content type,
    /// body too large); the status is the rejection's own.
    #[error("rejected ({status}): {message}")]
    Rejected { status: StatusCode, message: String },
    /// 500: a bug or an outage. Logged in full; the client only learns that it happened.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, ErrorCode, FieldErrors) {
        let base = |m: &str| BTreeMap::from([("base".to_owned(), vec![m.to_owned()])]);
        match self {
            Self::Validation(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
                fields.clone(),
            ),
            Self::Unauthorized(why) => {
                (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, base(why))
            }
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                base("your role on this project does not allow this"),
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                base("not found"),
            ),
            Self::NameTaken => (
                StatusCode::CONFLICT,
                ErrorCode::NameTaken,
                BTreeMap::from([("name".to_owned(), vec!["has already been taken".to_owned()])]),
            ),
            Self::Conflict(message) => (StatusCode::CONFLICT, ErrorCode::Conflict, base(message)),
            Self::LinkExpired => (
                StatusCode::FORBIDDEN,
                ErrorCode::LinkExpired,
                base("this link has expired or is not valid; ask for a new one"),
            ),
            Self::Rejected { status, message } => {
                let code = if *status == StatusCode::UNPROCESSABLE_ENTITY {
                    ErrorCode::ValidationFailed
                } else {
                    ErrorCode::BadRequest
                };
                (*status, code, base(message))
            }
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                base("the server failed; the details are in its log"),
            ),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(format!("database: {e}"))
    }
}

impl From<HashError> for ApiError {
    fn from(e: HashError) -> Self {
        Self::Internal(format!("hashing: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(error = %detail, "request failed");
        }
        let (status, code, error) = self.parts();
        envelope(status, code, error)
    }
}

/// The error envelope for `status`, with `WWW-Authenticate` on a 401.
pub fn envelope(status: StatusCode, code: ErrorCode, error: FieldErrors) -> Response {
    let body = ErrorEnvelope {
        status: status.as_u16(),
        status_message: status.canonical_reason().unwrap_or("Error").to_owned(),
        error,
        code,
    };
    let mut response = (status, axum::Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(WWW_AUTHENTICATE),
        );
    }
    response
}

/// Collects field problems so one answer lists all of them.
#[derive(Debug, Default)]
pub struct Problems(FieldErrors);

impl Problems {
    /// Records `result`'s problem, if any, under `field`.
    pub fn check(&mut self, field: &str, result: Result<(), &str>) {
        if let Err(message) = result {
            self.0
                .entry(field.to_owned())
                .or_default()
                .push(message.to_owned());
        }
    }

    /// `Ok` when nothing was recorded, else the 422.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

impl From<crate::media::store::StoreError> for ApiError {
    fn from(e: crate::media::store::StoreError) -> Self {
        Self::Internal(format!("media store: {e}"))
    }
}
