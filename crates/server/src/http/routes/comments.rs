//! `GET,POST .../folders/{fid}/files/{id}/comments`, `PATCH,DELETE .../comments/{cid}`,
//! `POST .../comments/{cid}/comments` (a reply) and `GET .../comments/export` (CSV or EDL).
//!
//! Comment bodies are the reviewer's input: one that is not even valid JSON is a 422 like one
//! that breaks a rule ([`InputJson`]).

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rushes_api::comments::{Comment, CommentUpdate, ExportFormat, NewComment};
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::page::PageQuery;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::comments::{self, FileRef};
use crate::error::ApiError;
use crate::http::respond::{created, no_content, ok};
use crate::http::{AuthUser, InputJson, Paging, Path, Query};
use crate::media::serve::content_disposition;
use crate::state::AppState;

/// The comment routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update, remove))
        .routes(routes!(reply))
        .routes(routes!(export))
}

/// `?format=` of the export.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// `csv` or `edl`.
    format: ExportFormat,
}

fn file_ref(project_id: Id, folder_id: Id, file_id: Id) -> FileRef {
    FileRef {
        project_id,
        folder_id,
        file_id,
    }
}

/// The comment threads of a file: whole-file comments first, then by frame; replies inline.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/comments", tag = "comments", params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file"), PageQuery),
    responses((status = 200, description = "One page of threads", body = Envelope<Vec<Comment>>),
              (status = 404, description = "No such file or comment here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id)): Path<(Id, Id, Id)>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    let (items, total) = comments::list(state.pool(), &user, file, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Comments on the whole file, a frame, or a range of frames (commenters).
#[utoipa::path(post, path = "/projects/{pid}/folders/{fid}/files/{id}/comments", tag = "comments", request_body = NewComment, params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 201, description = "The new comment", body = Envelope<Comment>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id)): Path<(Id, Id, Id)>,
    InputJson(new): InputJson<NewComment>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    Ok(created(
        comments::create(state.pool(), &user, file, &new).await?,
    ))
}

/// Replies to a top-level comment (commenters; one level of replies).
#[utoipa::path(post, path = "/projects/{pid}/folders/{fid}/files/{id}/comments/{cid}/comments", tag = "comments", request_body = NewComment,
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file"),
           ("cid" = i64, Path, description = "The comment")),
    responses((status = 201, description = "The reply", body = Envelope<Comment>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn reply(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id, cid)): Path<(Id, Id, Id, Id)>,
    InputJson(new): InputJson<NewComment>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    Ok(created(
        comments::reply(state.pool(), &user, file, cid, &new).await?,
    ))
}

/// Edits a comment (body and frames: its author) or resolves it (commenters).
#[utoipa::path(patch, path = "/projects/{pid}/folders/{fid}/files/{id}/comments/{cid}", tag = "comments", request_body = CommentUpdate,
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file"),
           ("cid" = i64, Path, description = "The comment")),
    responses((status = 200, description = "The comment now", body = Envelope<Comment>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id, cid)): Path<(Id, Id, Id, Id)>,
    InputJson(change): InputJson<CommentUpdate>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    Ok(ok(comments::update(
        state.pool(),
        &user,
        file,
        cid,
        &change,
    )
    .await?))
}

/// Every thread of the file as a download (viewers): `format=csv`, an RFC 4180 CSV with a row
/// per comment and reply (cells a spreadsheet would run as formulas start with `'`), or
/// `format=edl`, a CMX 3600 EDL of DaVinci Resolve markers (`|C:` colour, `|M:` text, `|D:`
/// duration in frames), placed by the file's timecode. See docs/architecture/api.md.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/comments/export", tag = "comments",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file"), ExportQuery),
    responses((status = 200, description = "The export, as an attachment `<name>_comments.csv` (text/csv) or `.edl` (text/plain)", content_type = "text/csv", body = String),
              (status = 404, description = "No such file here", body = ErrorEnvelope),
              (status = 422, description = "No or an unknown format, or an EDL of a file with no frame rate", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn export(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id)): Path<(Id, Id, Id)>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    let export = comments::export(state.pool(), &user, file, query.format).await?;
    let disposition = HeaderValue::from_str(&content_disposition(&export.filename))
        .map_err(|e| ApiError::Internal(format!("Content-Disposition: {e}")))?;
    let mut response = (StatusCode::OK, export.body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(export.content_type),
    );
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Deletes a comment and its replies (its author, or a manager).
#[utoipa::path(delete, path = "/projects/{pid}/folders/{fid}/files/{id}/comments/{cid}", tag = "comments", params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file"),
           ("cid" = i64, Path, description = "The comment")),
    responses((status = 204, description = "Deleted"), (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id, cid)): Path<(Id, Id, Id, Id)>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    comments::delete(state.pool(), &user, file, cid).await?;
    Ok(no_content())
}
