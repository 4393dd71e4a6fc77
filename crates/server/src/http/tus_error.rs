//! How a failed tus request is answered: the protocol's own statuses with the API's error
//! envelope and a stable code, and the headers some of them need (`Tus-Version` on a 412,
//! `Upload-Offset` on an offset mismatch, `Allow` on a 405).

use std::collections::BTreeMap;

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::error::ErrorEnvelope;

use crate::tus::{self, headers, TusError, CHECKSUM_MISMATCH};

impl IntoResponse for TusError {
    fn into_response(self) -> Response {
        let Some((status, code, message)) = self.parts() else {
            if let Self::Api(e) = self {
                return e.into_response();
            }
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let status_message = match status.as_u16() {
            CHECKSUM_MISMATCH => "Checksum Mismatch",
            _ => status.canonical_reason().unwrap_or("Error"),
        };
        let body = ErrorEnvelope {
            status: status.as_u16(),
            status_message: status_message.to_owned(),
            error: BTreeMap::from([("base".to_owned(), vec![message])]),
            code,
        };
        let mut response = (status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            Self::Version => {
                headers.insert(headers::TUS_VERSION, HeaderValue::from_static(tus::VERSION));
            }
            Self::OffsetMismatch { actual } => {
                if let Ok(v) = HeaderValue::from_str(&actual.to_string()) {
                    headers.insert(headers::UPLOAD_OFFSET, v);
                }
            }
            Self::Method => {
                headers.insert(
                    axum::http::header::ALLOW,
                    HeaderValue::from_static("OPTIONS, HEAD, PATCH, DELETE, POST"),
                );
            }
            _ => {}
        }
        response
    }
}
