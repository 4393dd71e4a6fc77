//! `GET,POST /api/projects/{pid}/folders/{fid}/files`, `GET,PATCH,DELETE .../files/{id}`, and
//! `GET .../files/{id}/download` and `.../poster`, which redirect to signed media URLs.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::files::{File, FileUpdate, NewFile};
use rushes_api::page::PageQuery;
use rushes_api::renditions::RenditionKind;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::files;
use crate::error::ApiError;
use crate::http::respond::{created, no_content, ok};
use crate::http::{AuthUser, Json, ListDoc, ListParams, Paging, Path};
use crate::media::MediaKind;
use crate::state::AppState;

/// The file routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update, remove))
        .routes(routes!(download))
        .routes(routes!(poster))
        .routes(routes!(proxy))
        .routes(routes!(waveform))
        .routes(routes!(retry))
}

/// The files in a folder (none for someone who only passes through it).
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"), PageQuery, ListDoc),
    responses((status = 200, description = "One page of files", body = Envelope<Vec<File>>),
              (status = 404, description = "No such folder here", body = ErrorEnvelope),
              (status = 422, description = "Bad paging, sort or filter", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = files::list(state.pool(), &user, ids, &listing, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Creates the pending record an upload then fills (editors).
#[utoipa::path(post, path = "/projects/{pid}/folders/{fid}/files", tag = "files",
    request_body = NewFile, params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 201, description = "The new, pending file", body = Envelope<File>),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such folder here", body = ErrorEnvelope),
              (status = 409, description = "The name is taken in the folder", body = ErrorEnvelope),
              (status = 422, description = "A bad name, size or type", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    Json(new): Json<NewFile>,
) -> Result<Response, ApiError> {
    Ok(created(
        files::create(state.pool(), &user, ids, &new).await?,
    ))
}

/// One file.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 200, description = "The file", body = Envelope<File>),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    Ok(ok(files::get(state.pool(), &user, ids).await?))
}

/// Renames a file and/or moves it to another folder of the project (editors at both ends).
#[utoipa::path(patch, path = "/projects/{pid}/folders/{fid}/files/{id}", tag = "files",
    request_body = FileUpdate, params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 200, description = "The file now", body = Envelope<File>),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such file or target folder here", body = ErrorEnvelope),
              (status = 409, description = "The name is taken in the target", body = ErrorEnvelope),
              (status = 422, description = "The name breaks the rules", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
    Json(update): Json<FileUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(files::update(state.pool(), &user, ids, &update).await?))
}

/// Deletes a file and its stored bytes (editors).
#[utoipa::path(delete, path = "/projects/{pid}/folders/{fid}/files/{id}", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    files::delete(state.pool(), state.media(), &user, ids).await?;
    Ok(no_content())
}

/// Redirects to a signed, expiring media URL for the file's bytes (`/media/{id}`).
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/download", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed media URL"),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope),
              (status = 409, description = "The upload is not complete yet", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn download(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    redirect(&state, &user, ids, MediaKind::Original).await
}

/// Redirects to a signed, expiring URL for the file's poster image.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/poster", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed poster URL"),
              (status = 404, description = "No such file, or no poster", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn poster(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    redirect(&state, &user, ids, MediaKind::Poster).await
}

/// Redirects to a signed, expiring URL for the file's proxy (an MP4 browsers play).
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/proxy", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed proxy URL"),
              (status = 404, description = "No such file, or no ready proxy", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn proxy(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    redirect(&state, &user, ids, MediaKind::Proxy).await
}

/// Redirects to a signed, expiring URL for the file's waveform peaks (JSON).
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/waveform", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed waveform URL"),
              (status = 404, description = "No such file, or no ready waveform", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn waveform(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    redirect(&state, &user, ids, MediaKind::Waveform).await
}

/// Queues a failed media job of the file again (editors).
#[utoipa::path(post, path = "/projects/{pid}/folders/{fid}/files/{id}/renditions/{kind}/retry", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file"),
           ("kind" = RenditionKind, Path, description = "The job: probe, proxy or waveform")),
    responses((status = 200, description = "The file, its job queued again", body = Envelope<File>),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope),
              (status = 409, description = "That job has not failed", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn retry(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id, kind)): Path<(Id, Id, Id, RenditionKind)>,
) -> Result<Response, ApiError> {
    let file = files::retry(state.pool(), state.media(), &user, (pid, fid, id), kind).await?;
    Ok(ok(file))
}

/// `302 Found` to the signed URL. Not cached: the URL expires.
async fn redirect(
    state: &AppState,
    user: &crate::db::users::UserRow,
    ids: (Id, Id, Id),
    kind: MediaKind,
) -> Result<Response, ApiError> {
    let url = files::media_url(
        state.pool(),
        state.media(),
        state.base_url(),
        user,
        ids,
        kind,
    )
    .await?;
    let location = HeaderValue::from_str(url.as_str())
        .map_err(|e| ApiError::Internal(format!("media URL header: {e}")))?;
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response())
}
