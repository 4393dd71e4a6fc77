//! `GET,PUT,PATCH .../folders/{fid}/files/{id}/metadata` and `.../folders/{fid}/metadata`.
//!
//! Bodies are taken as raw JSON objects so that a value of the wrong type is reported against
//! its key (422 with per-key errors) instead of failing the whole body at deserialisation.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use rushes_api::Id;
use serde_json::{Map, Value};
use utoipa_axum::router::OpenApiRouter;

use crate::domain::metadata::{self, Target};
use crate::http::respond::ok;
use crate::http::{ApiError, AppState, AuthUser, Json, Path};

/// The metadata routes.
///
/// Plain axum routes for now, so they are served but not yet in the OpenAPI document; their
/// `#[utoipa::path]` descriptions come with the merge that documents them.
#[allow(clippy::disallowed_methods)]
pub fn router() -> OpenApiRouter<AppState> {
    let routes = Router::new()
        .route(
            "/projects/{pid}/folders/{fid}/files/{id}/metadata",
            get(show_file).put(replace_file).patch(merge_file),
        )
        .route(
            "/projects/{pid}/folders/{fid}/metadata",
            get(show_folder).put(replace_folder).patch(merge_folder),
        );
    OpenApiRouter::from(routes)
}

fn file((pid, fid, id): (Id, Id, Id)) -> (Id, Target) {
    (pid, Target::File { folder_id: fid, id })
}

fn folder((pid, fid): (Id, Id)) -> (Id, Target) {
    (pid, Target::Folder(fid))
}

async fn show_file(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    let (pid, target) = file(ids);
    Ok(ok(metadata::get(state.pool(), &user, pid, target).await?))
}

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

async fn show_folder(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    let (pid, target) = folder(ids);
    Ok(ok(metadata::get(state.pool(), &user, pid, target).await?))
}

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
