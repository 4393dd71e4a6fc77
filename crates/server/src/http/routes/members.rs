//! `GET /api/projects/{pid}/members`, `PUT,DELETE /api/projects/{pid}/members/{uid}`,
//! `GET .../folders/{fid}/members` and `PUT,DELETE .../folders/{fid}/members/{uid}`.
//!
//! `PUT` with `{"role": null}` and `DELETE` both take the role away; `DELETE` answers 204.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use rushes_api::members::RoleUpdate;
use rushes_api::Id;

use crate::domain::{folder_members, members};
use crate::http::respond::{no_content, ok};
use crate::http::{ApiError, AppState, AuthUser, Json, Paging, Path};

/// The member routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/{pid}/members", get(list))
        .route(
            "/projects/{pid}/members/{uid}",
            put(set_role).delete(remove_role),
        )
        .route("/projects/{pid}/folders/{fid}/members", get(list_folder))
        .route(
            "/projects/{pid}/folders/{fid}/members/{uid}",
            put(set_folder_role).delete(remove_folder_role),
        )
}

async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = members::list(state.pool(), &user, pid, paging.window()).await?;
    Ok(paging.respond(items, total))
}

async fn set_role(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, uid)): Path<(Id, Id)>,
    Json(change): Json<RoleUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(
        members::set_role(state.pool(), &user, pid, uid, change).await?
    ))
}

async fn remove_role(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, uid)): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    members::set_role(state.pool(), &user, pid, uid, RoleUpdate { role: None }).await?;
    Ok(no_content())
}

async fn list_folder(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid)): Path<(Id, Id)>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) =
        folder_members::list(state.pool(), &user, pid, fid, paging.window()).await?;
    Ok(paging.respond(items, total))
}

async fn set_folder_role(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, uid)): Path<(Id, Id, Id)>,
    Json(change): Json<RoleUpdate>,
) -> Result<Response, ApiError> {
    let member = folder_members::set_role(state.pool(), &user, pid, fid, uid, change).await?;
    Ok(ok(member))
}

async fn remove_folder_role(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, uid)): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    let removal = RoleUpdate { role: None };
    folder_members::set_role(state.pool(), &user, pid, fid, uid, removal).await?;
    Ok(no_content())
}
