//! `/uploads`: the tus 1.0 endpoints (OPTIONS, POST, HEAD, PATCH, DELETE), and the protocol
//! headers every answer carries. The protocol itself is in [`crate::tus`].
//!
//! Both paths take any method and dispatch themselves, so `X-HTTP-Method-Override` (for clients
//! behind proxies that only pass GET and POST) can change the method before it is looked at.

use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

use crate::db::uploads::{UploadKind, UploadRow};
use crate::http::{AuthUser, Path};
use crate::state::AppState;
use crate::tus::headers::*;
use crate::tus::{self, TusError};

/// The upload routes. Bodies are streamed to disk, so the JSON body limit does not apply.
///
/// Plain routes, not `routes!()`: each path takes any method and dispatches itself (for
/// `X-HTTP-Method-Override`), and tus is headers rather than JSON bodies, so the protocol is
/// described in `docs/uploads.md` until it gets its own entries in the OpenAPI document.
#[allow(clippy::disallowed_methods)]
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/uploads", any(collection))
        .route("/uploads/{id}", any(item))
        .layer(middleware::from_fn(protocol))
        .layer(DefaultBodyLimit::disable())
}

/// Applies `X-HTTP-Method-Override`, refuses other tus versions with 412 (OPTIONS needs no
/// version), and puts `Tus-Resumable` on every answer.
async fn protocol(mut req: Request, next: Next) -> Response {
    let overridden = req
        .headers()
        .get(METHOD_OVERRIDE)
        .and_then(|v| Method::from_bytes(v.as_bytes()).ok());
    if let Some(method) = overridden {
        *req.method_mut() = method;
    }
    let speaks_ours = req
        .headers()
        .get(TUS_RESUMABLE)
        .is_some_and(|v| v.as_bytes() == tus::VERSION.as_bytes());
    let mut response = if speaks_ours || req.method() == Method::OPTIONS {
        next.run(req).await
    } else {
        TusError::Version.into_response()
    };
    response
        .headers_mut()
        .insert(TUS_RESUMABLE, HeaderValue::from_static(tus::VERSION));
    response
}

async fn collection(State(state): State<AppState>, req: Request) -> Response {
    let result = match req.method().clone() {
        Method::OPTIONS => Ok(options(&state)),
        Method::POST => create(&state, req).await,
        _ => Err(TusError::Method),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

async fn item(State(state): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    let result = match req.method().clone() {
        Method::OPTIONS => Ok(options(&state)),
        _ if !tus::valid_id(&id) => Err(crate::error::ApiError::NotFound.into()),
        Method::HEAD => head(&state, &id, req).await,
        Method::PATCH => patch(&state, &id, req).await,
        Method::DELETE => delete(&state, &id, req).await,
        _ => Err(TusError::Method),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

/// What the server supports (the only unauthenticated request).
fn options(state: &AppState) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(TUS_VERSION, HeaderValue::from_static(tus::VERSION));
    headers.insert(TUS_EXTENSION, HeaderValue::from_static(tus::EXTENSIONS));
    headers.insert(
        TUS_CHECKSUM_ALGORITHM,
        HeaderValue::from_static(tus::CHECKSUM_ALGORITHMS),
    );
    headers.insert(TUS_MAX_SIZE, HeaderValue::from(state.tus().max_size()));
    (StatusCode::NO_CONTENT, headers).into_response()
}

async fn create(state: &AppState, req: Request) -> Result<Response, TusError> {
    let (mut parts, body) = req.into_parts();
    let AuthUser(user) = AuthUser::from_request_parts(&mut parts, state).await?;
    let row = tus::create(state.tus(), &user, &parts.headers, body).await?;
    let location = state
        .base_url()
        .join(&format!("uploads/{}", row.id))
        .map_err(|e| crate::error::ApiError::Internal(format!("upload URL: {e}")))?;
    let mut headers = progress_headers(&row);
    headers.insert(header::LOCATION, value(location.as_str())?);
    Ok((StatusCode::CREATED, headers).into_response())
}

async fn head(state: &AppState, id: &str, req: Request) -> Result<Response, TusError> {
    let (mut parts, _) = req.into_parts();
    let AuthUser(user) = AuthUser::from_request_parts(&mut parts, state).await?;
    let row = tus::head(state.tus(), &user, id).await?;
    let mut headers = progress_headers(&row);
    match row.upload_length {
        Some(length) => headers.insert(UPLOAD_LENGTH, HeaderValue::from(length)),
        None => headers.insert(UPLOAD_DEFER_LENGTH, HeaderValue::from_static("1")),
    };
    if !row.metadata.is_empty() {
        headers.insert(UPLOAD_METADATA, value(&row.metadata)?);
    }
    match row.kind() {
        UploadKind::Partial => {
            headers.insert(UPLOAD_CONCAT, HeaderValue::from_static("partial"));
        }
        UploadKind::Final => {
            if let Some(parts) = &row.concat_parts {
                headers.insert(UPLOAD_CONCAT, value(parts)?);
            }
        }
        UploadKind::Single => {}
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok((StatusCode::OK, headers).into_response())
}

async fn patch(state: &AppState, id: &str, req: Request) -> Result<Response, TusError> {
    let (mut parts, body) = req.into_parts();
    let AuthUser(user) = AuthUser::from_request_parts(&mut parts, state).await?;
    let row = tus::patch(state.tus(), &user, id, &parts.headers, body).await?;
    Ok((StatusCode::NO_CONTENT, progress_headers(&row)).into_response())
}

async fn delete(state: &AppState, id: &str, req: Request) -> Result<Response, TusError> {
    let (mut parts, _) = req.into_parts();
    let AuthUser(user) = AuthUser::from_request_parts(&mut parts, state).await?;
    tus::terminate(state.tus(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `Upload-Offset`, `Upload-Expires` while unfinished, and `Upload-Sha256` once the bytes are
/// the file's (the client compares it with its own).
fn progress_headers(row: &UploadRow) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(UPLOAD_OFFSET, HeaderValue::from(row.upload_offset));
    if row.is_finished() {
        if let Some(sha256) = row.sha256.as_deref().and_then(|s| value(s).ok()) {
            headers.insert(UPLOAD_SHA256, sha256);
        }
    } else if let Ok(expires) = value(&http_date(row.expires_at)) {
        headers.insert(UPLOAD_EXPIRES, expires);
    }
    headers
}

fn value(s: &str) -> Result<HeaderValue, TusError> {
    HeaderValue::from_str(s)
        .map_err(|e| crate::error::ApiError::Internal(format!("header value: {e}")).into())
}
