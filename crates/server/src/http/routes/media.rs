//! `GET,HEAD /media/{file_id}` and `/media/{file_id}/{poster,proxy,waveform}`: the signed URLs
//! that `.../download`, `.../poster`, `.../proxy` and `.../waveform` redirect to. The signature is the credential, so a video
//! element or a download manager can fetch without the bearer token.

use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use rushes_api::error::ErrorEnvelope;
use rushes_api::Id;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::db::time::now_ms;
use crate::db::{files, versions};
use crate::error::ApiError;
use crate::http::{Path, Query};
use crate::media::serve::{serve, Representation};
use crate::media::MediaKind;
use crate::state::AppState;

/// The media routes (outside `/api`: they are not JSON and take no bearer token).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(original))
        .routes(routes!(poster))
        .routes(routes!(proxy))
        .routes(routes!(waveform))
}

/// `?e=EXPIRES&s=SIGNATURE`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Signed {
    /// When the URL expires, in Unix seconds.
    e: i64,
    /// The server's signature.
    s: String,
}

/// The file's bytes: GET and HEAD, one `Range`, `If-Range`, `If-None-Match`; `ETag` is the
/// sha256. The signature is the credential.
#[utoipa::path(get, path = "/media/{id}", tag = "media",
    params(("id" = i64, Path, description = "The file"), Signed),
    responses((status = 200, description = "The whole file"),
              (status = 206, description = "The requested range"),
              (status = 304, description = "Not modified (If-None-Match)"),
              (status = 403, description = "Expired or invalid link", body = ErrorEnvelope),
              (status = 416, description = "The range lies beyond the end")))]
async fn original(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<Id>,
    Query(signed): Query<Signed>,
) -> Result<Response, ApiError> {
    respond(&state, &method, &headers, id, &signed, MediaKind::Original).await
}

/// The file's poster image, served like its bytes.
#[utoipa::path(get, path = "/media/{id}/poster", tag = "media",
    params(("id" = i64, Path, description = "The file"), Signed),
    responses((status = 200, description = "The whole file"),
              (status = 206, description = "The requested range"),
              (status = 304, description = "Not modified (If-None-Match)"),
              (status = 403, description = "Expired or invalid link", body = ErrorEnvelope),
              (status = 416, description = "The range lies beyond the end")))]
async fn poster(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<Id>,
    Query(signed): Query<Signed>,
) -> Result<Response, ApiError> {
    respond(&state, &method, &headers, id, &signed, MediaKind::Poster).await
}

/// The file's proxy (H.264/AAC MP4), served like its bytes.
#[utoipa::path(get, path = "/media/{id}/proxy", tag = "media",
    params(("id" = i64, Path, description = "The file"), Signed),
    responses((status = 200, description = "The whole proxy"),
              (status = 206, description = "The requested range"),
              (status = 304, description = "Not modified (If-None-Match)"),
              (status = 403, description = "Expired or invalid link", body = ErrorEnvelope),
              (status = 416, description = "The range lies beyond the end")))]
async fn proxy(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<Id>,
    Query(signed): Query<Signed>,
) -> Result<Response, ApiError> {
    respond(&state, &method, &headers, id, &signed, MediaKind::Proxy).await
}

/// The file's waveform peaks (JSON, audiowaveform's format), served like its bytes.
#[utoipa::path(get, path = "/media/{id}/waveform", tag = "media",
    params(("id" = i64, Path, description = "The file"), Signed),
    responses((status = 200, description = "The peaks"),
              (status = 304, description = "Not modified (If-None-Match)"),
              (status = 403, description = "Expired or invalid link", body = ErrorEnvelope)))]
async fn waveform(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<Id>,
    Query(signed): Query<Signed>,
) -> Result<Response, ApiError> {
    respond(&state, &method, &headers, id, &signed, MediaKind::Waveform).await
}

async fn respond(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    id: Id,
    signed: &Signed,
    kind: MediaKind,
) -> Result<Response, ApiError> {
    if signed.e < now_ms() / 1000 {
        return Err(ApiError::LinkExpired);
    }
    // A deleted file, or one whose bytes were replaced, no longer matches any signature.
    let file = files::by_id_anywhere(state.pool(), id)
        .await?
        .ok_or(ApiError::LinkExpired)?;
    let (key, size, sha256, content_type, filename) = match kind {
        MediaKind::Original => {
            let key = file.storage_key.clone().ok_or(ApiError::LinkExpired)?;
            let size = u64::try_from(file.size.unwrap_or(0)).unwrap_or(0);
            let sha = file.sha256.clone().unwrap_or_default();
            // Versions saved side by side must not overwrite each other: `A001_v2.mov`.
            let counts = versions::ready_counts(state.pool(), &[file.stack_id]).await?;
            let count = counts.get(&file.stack_id).copied().unwrap_or(1);
            let name = file.download_name(count);
            (key, size, sha, file.content_type.clone(), name)
        }
        derived => {
            let key = derived
                .derived_key(state.pool(), id)
                .await?
                .ok_or(ApiError::LinkExpired)?;
            let path = state.media().store.path(&key)?;
            let meta = tokio::fs::metadata(&path)
                .await
                .map_err(|_| ApiError::NotFound)?;
            // Made once under a unique key, so the key serves as the tag.
            let tag = key.replace(['/', '.'], "-");
            let (content_type, name) = match derived {
                MediaKind::Proxy => ("video/mp4", format!("{}.proxy.mp4", stem(&file.name))),
                MediaKind::Waveform => (
                    "application/json",
                    format!("{}.waveform.json", stem(&file.name)),
                ),
                _ => ("image/jpeg", format!("{}.jpg", file.name)),
            };
            (key, meta.len(), tag, content_type.to_owned(), name)
        }
    };
    let media = state.media();
    if !media.signer.verify(kind, id, &key, signed.e, &signed.s) {
        return Err(ApiError::LinkExpired);
    }
    let path = media.store.path(&key)?;
    let rep = Representation {
        path: &path,
        size,
        sha256: &sha256,
        content_type: &content_type,
        filename: &filename,
        last_modified: std::time::UNIX_EPOCH
            + std::time::Duration::from_millis(u64::try_from(file.updated_at).unwrap_or(0)),
    };
    serve(method, headers, &rep)
        .await
        .map_err(|e| ApiError::Internal(format!("serving {}: {e}", path.display())))
}

/// A file name without its extension (`A001.mov` → `A001`).
fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}
