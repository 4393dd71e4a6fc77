//! Answers nobody's handler gave: unknown routes, wrong methods, and any other bare error
//! response, so that every 4xx and 5xx carries the error envelope.

use std::collections::BTreeMap;

use axum::http::{header, StatusCode};
use axum::response::Response;
use rushes_api::error::ErrorCode;

use super::error::envelope;

/// The router's fallback: an unknown path. With the `web-ui` feature the web app is the
/// fallback, and answers the same 404 for what is not its own.
#[cfg(not(feature = "web-ui"))]
pub async fn not_found() -> crate::error::ApiError {
    crate::error::ApiError::NotFound
}

/// Replaces the body of an error response that is not already JSON (axum's own 405, for
/// instance) with the envelope for its status. HTML answers are left alone: they are the
/// authorization pages' own error pages, meant for a person.
pub async fn envelope_bare_errors(response: Response) -> Response {
    let status = response.status();
    let is_error = status.is_client_error() || status.is_server_error();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let is_json = content_type.starts_with("application/json");
    let is_html = content_type.starts_with("text/html");
    if !is_error || is_json || is_html {
        return response;
    }
    let code = match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::CONFLICT => ErrorCode::Conflict,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::ValidationFailed,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    };
    let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
    let mut enveloped = envelope(
        status,
        code,
        BTreeMap::from([("base".into(), vec![reason])]),
    );
    // Keep what the original said about the request (for example `Allow` on a 405).
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            enveloped.headers_mut().insert(name.clone(), value.clone());
        }
    }
    enveloped
}
