//! `GET /api/projects/{pid}/folders/{fid}/zip` and `POST /api/projects/{pid}/zip`: a folder,
//! or a selection, downloaded as one ZIP archive streamed as it is written (see
//! `media::zip` for the format and what happens when a file fails mid-way).

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::error::ErrorEnvelope;
use rushes_api::Id;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::archives::{self, Archive, Selection};
use crate::error::ApiError;
use crate::http::{AuthUser, Json, Path};
use crate::media::serve::content_disposition;
use crate::media::zip::body::body;
use crate::state::AppState;

/// The ZIP routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(folder))
        .routes(routes!(selection))
}

/// What to put in a selection's archive: files and folders of the project, by id.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ZipSelection {
    /// Files, each at the top of the archive.
    #[serde(default)]
    files: Vec<Id>,
    /// Folders, each at the top of the archive with everything below it.
    #[serde(default)]
    folders: Vec<Id>,
}

/// The folder and everything below it the caller may download, as a ZIP archive (stored
/// entries, ZIP64 when needed, paths relative to the folder). Streamed with chunked
/// encoding: no `Content-Length`, and a file that fails mid-way cuts the connection instead
/// of ending the archive.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/zip", tag = "archives",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 200, description = "The archive", content_type = "application/zip"),
              (status = 404, description = "No such folder here", body = ErrorEnvelope),
              (status = 422, description = "More entries than one archive may hold", body = ErrorEnvelope),
              (status = 429, description = "The caller has as many ZIP downloads running as they may", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn folder(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    let max = state.media().zip_limits.max_entries;
    let archive = archives::of_folder(state.pool(), &user, ids, max).await?;
    stream(&state, user.id, archive)
}

/// Files and folders of the project as one ZIP archive, each at its top (folders with
/// everything below them the caller may download); names that meet get ` (2)`. Naming
/// anything the caller cannot see is a 404; files still uploading are left out.
#[utoipa::path(post, path = "/projects/{pid}/zip", tag = "archives",
    request_body = ZipSelection,
    params(("pid" = i64, Path, description = "The project")),
    responses((status = 200, description = "The archive", content_type = "application/zip"),
              (status = 404, description = "No such project, file or folder here", body = ErrorEnvelope),
              (status = 422, description = "An empty selection, or more entries than one archive may hold", body = ErrorEnvelope),
              (status = 429, description = "The caller has as many ZIP downloads running as they may", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn selection(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(project_id): Path<Id>,
    Json(chosen): Json<ZipSelection>,
) -> Result<Response, ApiError> {
    let max = state.media().zip_limits.max_entries;
    let selection = Selection {
        files: &chosen.files,
        folders: &chosen.folders,
    };
    let archive = archives::of_selection(state.pool(), &user, project_id, &selection, max).await?;
    stream(&state, user.id, archive)
}

/// `200` with the streamed archive, once the caller has a free slot.
fn stream(state: &AppState, user: Id, archive: Archive) -> Result<Response, ApiError> {
    let media = state.media();
    let slot = media.zip_slots.take(user).ok_or(ApiError::TooMany(
        "you have as many ZIP downloads running as allowed; wait for one to finish",
    ))?;
    let disposition = content_disposition(&format!("{}.zip", archive.name));
    let mut response = (
        StatusCode::OK,
        body(media.store.clone(), archive.entries, slot),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let disposition = HeaderValue::from_str(&disposition)
        .map_err(|e| ApiError::Internal(format!("Content-Disposition: {e}")))?;
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}
