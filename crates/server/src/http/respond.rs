//! Success answers in the Webgate envelope.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
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
