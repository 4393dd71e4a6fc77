//! `GET,PUT,PATCH .../folders/{fid}/files/{id}/metadata` and `.../folders/{fid}/metadata`.
//!
//! Bodies are taken as raw JSON objects so that a value of the wrong type is reported against
//! its key (422 with per-key errors) instead of failing the whole body at deserialisation.

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::metadata::Metadata;
use rushes_api::Id;
use serde_json::{Map, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::metadata::{self, Target};
use crate::error::ApiError;
use crate::http::respond::ok;
use crate::http::{AuthUser, Json, Path};
use crate::state::AppState;

/// The metadata routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(show_file, replace_file, merge_file))
        .routes(routes!(show_folder, replace_folder, merge_folder))
}

fn file((pid, fid, id): (Id, Id, Id)) -> (Id, Target) {
    (pid, Target::File { folder_id: fid, id })
}

fn folder((pid, fid): (Id, Id)) -> (Id, Target) {
    (pid, Target::Folder(fid))
}

/// The file's custom and technical metadata (viewers).
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/files/{id}/metadata", tag = "metadata", params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 200, description = "The metadata", body = Envelope<Metadata>), (status = 404, description = "No such file or comment here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn show_file(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    let (pid, target) = file(ids);
    Ok(ok(metadata::get(state.pool(), &user, pid, target).await?))
}

/// Replaces the file's custom metadata (editors).
#[utoipa::path(put, path = "/projects/{pid}/folders/{fid}/files/{id}/metadata", tag = "metadata", request_body(content = Object, description = "Custom keys to string values"), params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 200, description = "The metadata now", body = Envelope<Metadata>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn replace_file(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
    Json(body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let (pid, target) = file(ids);
    Ok(ok(metadata::replace(
        state.pool(),
        &user,
        pid,
        target,
        &body,
    )
    .await?))
}

/// Merges changes into the file's custom metadata (editors).
#[utoipa::path(patch, path = "/projects/{pid}/folders/{fid}/files/{id}/metadata", tag = "metadata", request_body(content = Object, description = "JSON Merge Patch: a string sets a key, null removes it"), params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"),
           ("id" = i64, Path, description = "The file")),
    responses((status = 200, description = "The metadata now", body = Envelope<Metadata>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn merge_file(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
    Json(body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let (pid, target) = file(ids);
    Ok(ok(
        metadata::merge(state.pool(), &user, pid, target, &body).await?
    ))
}

/// The folder's custom and technical metadata (viewers).
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/metadata", tag = "metadata", params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 200, description = "The metadata", body = Envelope<Metadata>), (status = 404, description = "No such file or comment here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn show_folder(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    let (pid, target) = folder(ids);
    Ok(ok(metadata::get(state.pool(), &user, pid, target).await?))
}

/// Replaces the folder's custom metadata (editors).
#[utoipa::path(put, path = "/projects/{pid}/folders/{fid}/metadata", tag = "metadata", request_body(content = Object, description = "Custom keys to string values"), params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 200, description = "The metadata now", body = Envelope<Metadata>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn replace_folder(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    Json(body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let (pid, target) = folder(ids);
    Ok(ok(metadata::replace(
        state.pool(),
        &user,
        pid,
        target,
        &body,
    )
    .await?))
}

/// Merges changes into the folder's custom metadata (editors).
#[utoipa::path(patch, path = "/projects/{pid}/folders/{fid}/metadata", tag = "metadata", request_body(content = Object, description = "JSON Merge Patch: a string sets a key, null removes it"), params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 200, description = "The metadata now", body = Envelope<Metadata>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "No such file or comment here", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn merge_folder(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    Json(body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let (pid, target) = folder(ids);
    Ok(ok(
        metadata::merge(state.pool(), &user, pid, target, &body).await?
    ))
}
