//! The guest API of review links, under `/api/guest`: browsing what the link shares, its files'
//! bytes and posters, and their comments. Every route takes the guest cookie only
//! (`GuestAuth`); `domain::guest` keeps each request inside the link's scope.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::approval::StatusUpdate;
use rushes_api::comments::{Comment, NewComment};
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::files::File;
use rushes_api::folders::Folder;
use rushes_api::metadata::Metadata;
use rushes_api::page::PageQuery;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::guest::{self, comments, Bytes};
use crate::domain::metadata;
use crate::error::ApiError;
use crate::http::guest_session::GuestAuth;
use crate::http::respond::{created, ok};
use crate::http::{InputJson, Json, ListDoc, ListParams, Paging, Path};
use crate::state::AppState;

/// The guest routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(children))
        .routes(routes!(files))
        .routes(routes!(show_file))
        .routes(routes!(versions))
        .routes(routes!(set_status))
        .routes(routes!(file_metadata))
        .routes(routes!(download))
        .routes(routes!(media))
        .routes(routes!(poster))
        .routes(routes!(waveform))
        .routes(routes!(list_comments, comment))
        .routes(routes!(reply))
}

/// The folders directly inside a shared folder.
#[utoipa::path(get, path = "/guest/folders/{fid}/children", tag = "guest",
    params(("fid" = i64, Path, description = "The folder"), PageQuery, ListDoc),
    responses((status = 200, description = "One page of folders", body = Envelope<Vec<Folder>>),
              (status = 404, description = "Not a folder of the link", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn children(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(fid): Path<Id>,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = guest::children(state.pool(), &g, fid, &listing, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// The files in a shared folder.
#[utoipa::path(get, path = "/guest/folders/{fid}/files", tag = "guest",
    params(("fid" = i64, Path, description = "The folder"), PageQuery, ListDoc),
    responses((status = 200, description = "One page of files", body = Envelope<Vec<File>>),
              (status = 404, description = "Not a folder of the link", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn files(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(fid): Path<Id>,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = guest::files_in(state.pool(), &g, fid, &listing, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// One shared file.
#[utoipa::path(get, path = "/guest/files/{id}", tag = "guest",
    params(("id" = i64, Path, description = "The file")),
    responses((status = 200, description = "The file", body = Envelope<File>),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn show_file(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    let file = guest::file(state.pool(), &g, id).await?;
    let viewer = crate::db::files::Viewer::Guest;
    Ok(ok(crate::domain::files::one_to_api(
        state.pool(),
        file,
        viewer,
    )
    .await?))
}

/// Every version of a shared file with complete bytes, newest first.
#[utoipa::path(get, path = "/guest/files/{id}/versions", tag = "guest",
    params(("id" = i64, Path, description = "Any version of the file")),
    responses((status = 200, description = "The versions, newest first", body = Envelope<Vec<File>>),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn versions(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(guest::versions(state.pool(), &g, id).await?))
}

/// Sets a shared version's approval status (links with `can_set_status` and at least
/// `comment`).
#[utoipa::path(put, path = "/guest/files/{id}/status", tag = "guest", request_body = StatusUpdate,
    params(("id" = i64, Path, description = "The version"),
           ("X-CSRF-Token" = String, Header, description = "The guest session's CSRF token")),
    responses((status = 200, description = "The version now", body = Envelope<File>),
              (status = 403, description = "The link does not allow it, or no CSRF token", body = ErrorEnvelope),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope),
              (status = 422, description = "Not a status", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn set_status(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
    Json(update): Json<StatusUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(guest::set_status(state.pool(), &g, id, &update).await?))
}

/// A shared file's metadata, read-only: its custom fields and what the server measured
/// (frames and frame rate, which the player's timecode needs).
#[utoipa::path(get, path = "/guest/files/{id}/metadata", tag = "guest",
    params(("id" = i64, Path, description = "The file")),
    responses((status = 200, description = "The metadata", body = Envelope<Metadata>),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn file_metadata(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    let file = guest::file(state.pool(), &g, id).await?;
    Ok(ok(metadata::of_visible_file(state.pool(), file).await?))
}

/// Redirects to a signed media URL to download the original (`download` links only).
#[utoipa::path(get, path = "/guest/files/{id}/download", tag = "guest",
    params(("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed media URL"),
              (status = 403, description = "The link does not allow downloads", body = ErrorEnvelope),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope),
              (status = 409, description = "The upload is not complete yet", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn download(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    redirect(&state, &g, id, Bytes::Download).await
}

/// Redirects to a signed media URL for the player (any link): the proxy when the original does
/// not play in browsers, else the original.
#[utoipa::path(get, path = "/guest/files/{id}/media", tag = "guest",
    params(("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed media URL"),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope),
              (status = 409, description = "Not complete or not prepared for review yet", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn media(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    redirect(&state, &g, id, Bytes::Play).await
}

/// Redirects to a signed URL for the file's poster image (any link).
#[utoipa::path(get, path = "/guest/files/{id}/poster", tag = "guest",
    params(("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed poster URL"),
              (status = 404, description = "Not a file of the link, or no poster", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn poster(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    redirect(&state, &g, id, Bytes::Poster).await
}

/// Redirects to a signed URL for the file's waveform peaks (any link).
#[utoipa::path(get, path = "/guest/files/{id}/waveform", tag = "guest",
    params(("id" = i64, Path, description = "The file")),
    responses((status = 302, description = "`Location` is the signed waveform URL"),
              (status = 404, description = "Not a file of the link, or no waveform", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn waveform(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    redirect(&state, &g, id, Bytes::Waveform).await
}

/// The comment threads of a shared file (team members by name only).
#[utoipa::path(get, path = "/guest/files/{id}/comments", tag = "guest",
    params(("id" = i64, Path, description = "The file"), PageQuery),
    responses((status = 200, description = "One page of threads", body = Envelope<Vec<Comment>>),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn list_comments(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = comments::list(state.pool(), &g, id, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Comments on a shared file, a frame or a range (`comment` and `download` links).
#[utoipa::path(post, path = "/guest/files/{id}/comments", tag = "guest", request_body = NewComment,
    params(("id" = i64, Path, description = "The file"),
           ("X-CSRF-Token" = String, Header, description = "The guest session's CSRF token")),
    responses((status = 201, description = "The new comment", body = Envelope<Comment>),
              (status = 403, description = "The link does not allow comments, or no CSRF token", body = ErrorEnvelope),
              (status = 404, description = "Not a file of the link", body = ErrorEnvelope),
              (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn comment(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path(id): Path<Id>,
    InputJson(new): InputJson<NewComment>,
) -> Result<Response, ApiError> {
    Ok(created(comments::create(state.pool(), &g, id, &new).await?))
}

/// Replies to a top-level comment on a shared file (`comment` and `download` links).
#[utoipa::path(post, path = "/guest/files/{id}/comments/{cid}/comments", tag = "guest", request_body = NewComment,
    params(("id" = i64, Path, description = "The file"),
           ("cid" = i64, Path, description = "The comment"),
           ("X-CSRF-Token" = String, Header, description = "The guest session's CSRF token")),
    responses((status = 201, description = "The reply", body = Envelope<Comment>),
              (status = 403, description = "The link does not allow comments, or no CSRF token", body = ErrorEnvelope),
              (status = 404, description = "Not a file or comment of the link", body = ErrorEnvelope),
              (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn reply(
    State(state): State<AppState>,
    GuestAuth(g): GuestAuth,
    Path((id, cid)): Path<(Id, Id)>,
    InputJson(new): InputJson<NewComment>,
) -> Result<Response, ApiError> {
    Ok(created(
        comments::reply(state.pool(), &g, id, cid, &new).await?,
    ))
}

/// `302 Found` to the signed URL. Not cached: the URL expires.
async fn redirect(
    state: &AppState,
    g: &crate::auth::guest_session::Guest,
    id: Id,
    what: Bytes,
) -> Result<Response, ApiError> {
    let url = guest::media_url(state.pool(), state.media(), state.base_url(), g, id, what).await?;
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
