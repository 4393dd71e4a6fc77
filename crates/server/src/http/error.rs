//! The error envelope (`{"status","status_message","error","code"}`): the one place a failed
//! request's [`ApiError`] becomes an HTTP answer.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::error::{ErrorCode, ErrorEnvelope};

use crate::error::{ApiError, FieldErrors};

/// `Retry-After` on a 429 for too many at once: a guess, since a slot frees when another
/// download ends, but it keeps clients from retrying in a tight loop.
const RETRY_AFTER_SECS: u32 = 5;

/// What `WWW-Authenticate` says on every 401 (RFC 6750 3).
const WWW_AUTHENTICATE: &str = "Bearer realm=\"rushes\"";

/// Status, code and field errors of `error`.
fn parts(error: &ApiError) -> (StatusCode, ErrorCode, FieldErrors) {
    let base = |m: &str| BTreeMap::from([("base".to_owned(), vec![m.to_owned()])]);
    match error {
        ApiError::Validation(fields) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            fields.clone(),
        ),
        ApiError::Unauthorized(why) => {
            (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, base(why))
        }
        ApiError::Forbidden => (
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            base("your role on this project does not allow this"),
        ),
        ApiError::Refused(why) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden, base(why)),
        ApiError::NotFound => (
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            base("not found"),
        ),
        ApiError::RateLimited(_) => (
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            base("too many wrong passwords; wait before trying again (Retry-After)"),
        ),
        ApiError::NameTaken => (
            StatusCode::CONFLICT,
            ErrorCode::NameTaken,
            BTreeMap::from([("name".to_owned(), vec!["has already been taken".to_owned()])]),
        ),
        ApiError::Conflict(message) => (StatusCode::CONFLICT, ErrorCode::Conflict, base(message)),
        ApiError::TooMany(why) => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, base(why)),
        ApiError::LinkExpired => (
            StatusCode::FORBIDDEN,
            ErrorCode::LinkExpired,
            base("this link has expired or is not valid; ask for a new one"),
        ),
        ApiError::Rejected { status, message } => {
            // The status came from an axum rejection, so it is always a valid one.
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST);
            let code = if status == StatusCode::UNPROCESSABLE_ENTITY {
                ErrorCode::ValidationFailed
            } else {
                ErrorCode::BadRequest
            };
            (status, code, base(message))
        }
        ApiError::DiskFull(_) => (
            StatusCode::INSUFFICIENT_STORAGE,
            ErrorCode::DiskFull,
            base("the server's disk is full; nothing of this request was kept. Try again once space is freed"),
        ),
        ApiError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            base("the server failed; the details are in its log"),
        ),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(detail) => tracing::error!(error = %detail, "request failed"),
            Self::DiskFull(detail) => {
                tracing::error!(error = %detail, "request failed: the disk is full")
            }
            _ => {}
        }
        let (status, code, error) = parts(&self);
        let mut response = envelope(status, code, error);
        if matches!(self, Self::TooMany(_)) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        if let Self::RateLimited(wait) = &self {
            // Whole seconds, rounded up: never sooner than the lock ends.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_507_disk_full_and_says_nothing_of_the_path() {
        let full = std::io::Error::from_raw_os_error(28);
        let error = ApiError::io("upload staging /srv/rushes/staging/abc", &full);
        let (status, code, fields) = parts(&error);
        assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE);
        assert_eq!(code, ErrorCode::DiskFull);
        assert!(!format!("{fields:?}").contains("/srv"), "{fields:?}");
        let other = std::io::Error::from_raw_os_error(5);
        assert!(matches!(ApiError::io("x", &other), ApiError::Internal(_)));
    }
}
