//! `GET,POST .../files/{id}/versions`, `DELETE .../files/{id}/version`,
//! `PUT .../files/{id}/status` and `POST .../files/{id}/seen`: a file's versions, its approval
//! status, and the caller's visit of it.

use axum::extract::State;
use axum::response::Response;
use rushes_api::approval::StatusUpdate;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::files::File;
use rushes_api::versions::NewVersion;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::{activity, approval, versions};
use crate::error::ApiError;
use crate::http::respond::{created, no_content, ok};
use crate::http::{AuthUser, Json, Path};
use crate::state::AppState;

/// The version, status and visit routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_versions, create_version))
        .routes(routes!(remove_version))
        .routes(routes!(set_status))
        .routes(routes!(seen))
}

/// Every version of the file's entry (any version's id), newest first, pending ones included.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/versions", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "Any version of the file")),
    responses((status = 200, description = "The versions, newest first", body = Envelope<Vec<File>>),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list_versions(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    Ok(ok(versions::list(state.pool(), &user, ids).await?))
}

/// Adds a pending version to the file's entry (editors); an upload with its `file_id` and
/// `expect_pending` fills it, and it becomes the entry's current version once complete.
#[utoipa::path(post, path = "/projects/{pid}/folders/{fid}/files/{id}/versions", tag = "files",
    request_body = NewVersion, params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "Any version of the file")),
    responses((status = 201, description = "The new, pending version", body = Envelope<File>),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope),
              (status = 422, description = "A bad size or type", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create_version(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
    Json(new): Json<NewVersion>,
) -> Result<Response, ApiError> {
    Ok(created(
        versions::create(state.pool(), &user, ids, &new).await?,
    ))
}

/// Deletes this version alone, with its bytes, renditions and comments (editors); the newest
/// remaining ready version becomes current. The only version is deleted with the file.
#[utoipa::path(delete, path = "/projects/{pid}/folders/{fid}/files/{id}/version", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The version")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope),
              (status = 409, description = "The file's only version: delete the file", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove_version(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    versions::delete(state.pool(), state.media(), &user, ids).await?;
    Ok(no_content())
}

/// Sets this version's approval status (commenters and up).
#[utoipa::path(put, path = "/projects/{pid}/folders/{fid}/files/{id}/status", tag = "files",
    request_body = StatusUpdate, params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The version")),
    responses((status = 200, description = "The version now", body = Envelope<File>),
              (status = 403, description = "Not a commenter there", body = ErrorEnvelope),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope),
              (status = 422, description = "Not a status", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn set_status(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
    Json(update): Json<StatusUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(approval::set(state.pool(), &user, ids, &update).await?))
}

/// Records that the caller opened this version now: comments until now are no longer new
/// to them (`unseen_comments`, `Comment.unseen`).
#[utoipa::path(post, path = "/projects/{pid}/folders/{fid}/files/{id}/seen", tag = "files",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The version")),
    responses((status = 204, description = "Recorded"),
              (status = 404, description = "No such file in this folder", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn seen(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    activity::seen(state.pool(), &user, ids).await?;
    Ok(no_content())
}
