//! Success answers in the Webgate envelope.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::auth::TokenResponse;
use rushes_api::envelope::Envelope;
use serde::Serialize;

/// `200 OK` with `data` in the envelope.
pub fn ok<T: Serialize>(data: T) -> Response {
    with_status(StatusCode::OK, data)
}

/// `201 Created` with the new resource in the envelope.
pub fn created<T: Serialize>(data: T) -> Response {
    with_status(StatusCode::CREATED, data)
}

fn with_status<T: Serialize>(status: StatusCode, data: T) -> Response {
    let message = status.canonical_reason().unwrap_or_default();
    (
        status,
        axum::Json(Envelope::new(status.as_u16(), message, data)),
    )
        .into_response()
}

/// A bare token response (RFC 6749 5.1, api.video): not enveloped, and never cached by anything
/// in between.
pub fn tokens(pair: TokenResponse) -> Response {
    let mut response = axum::Json(pair).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// `204 No Content`, for deletions.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
