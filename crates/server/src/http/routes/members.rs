//! `GET /api/projects/{pid}/members`, `PUT,DELETE /api/projects/{pid}/members/{uid}`,
//! `GET .../folders/{fid}/members` and `PUT,DELETE .../folders/{fid}/members/{uid}`.
//!
//! `PUT` with `{"role": null}` and `DELETE` both take the role away; `DELETE` answers 204.

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::members::{FolderMember, Member, RoleUpdate};
use rushes_api::page::PageQuery;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::{folder_members, members};
use crate::error::ApiError;
use crate::http::respond::{no_content, ok};
use crate::http::{AuthUser, Json, Paging, Path};
use crate::state::AppState;

/// The member routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(set_role, remove_role))
        .routes(routes!(list_folder))
        .routes(routes!(set_folder_role, remove_folder_role))
}

/// Everyone with a role in the project: their project role and folder grants.
#[utoipa::path(get, path = "/projects/{pid}/members", tag = "members", params(("pid" = i64, Path, description = "The project"), PageQuery),
    responses((status = 200, description = "One page of members", body = Envelope<Vec<Member>>), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = members::list(state.pool(), &user, pid, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Gives a user a role on the project, or changes it (managers; `role: null` removes it).
#[utoipa::path(put, path = "/projects/{pid}/members/{uid}", tag = "members", request_body = RoleUpdate, params(("pid" = i64, Path, description = "The project"), ("uid" = i64, Path, description = "The user")),
    responses((status = 200, description = "The member now", body = Envelope<Member>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope), (status = 409, description = "Would leave the project without a manager, or lock an admin out", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
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

/// Removes a user's role on the project (managers).
#[utoipa::path(delete, path = "/projects/{pid}/members/{uid}", tag = "members", params(("pid" = i64, Path, description = "The project"), ("uid" = i64, Path, description = "The user")),
    responses((status = 204, description = "Removed"), (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope), (status = 409, description = "Would leave the project without a manager, or lock an admin out", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove_role(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, uid)): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    members::set_role(state.pool(), &user, pid, uid, RoleUpdate { role: None }).await?;
    Ok(no_content())
}

/// Everyone with an effective role on the folder, and where each role comes from.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/members", tag = "members", params(("pid" = i64, Path, description = "The project"), ("fid" = i64, Path, description = "The folder"), PageQuery),
    responses((status = 200, description = "One page of members", body = Envelope<Vec<FolderMember>>), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
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

/// Grants a user a role on the folder and everything below it (managers of the folder;
/// `role: null` removes the grant).
#[utoipa::path(put, path = "/projects/{pid}/folders/{fid}/members/{uid}", tag = "members", request_body = RoleUpdate,
    params(("pid" = i64, Path, description = "The project"), ("fid" = i64, Path, description = "The folder"), ("uid" = i64, Path, description = "The user")),
    responses((status = 200, description = "The member now, or null when nothing applies any more",
               body = Envelope<Option<FolderMember>>),
              (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn set_folder_role(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, uid)): Path<(Id, Id, Id)>,
    Json(change): Json<RoleUpdate>,
) -> Result<Response, ApiError> {
    let member = folder_members::set_role(state.pool(), &user, pid, fid, uid, change).await?;
    Ok(ok(member))
}

/// Removes a user's grant on the folder (managers of the folder).
#[utoipa::path(delete, path = "/projects/{pid}/folders/{fid}/members/{uid}", tag = "members", params(("pid" = i64, Path, description = "The project"), ("fid" = i64, Path, description = "The folder"), ("uid" = i64, Path, description = "The user")),
    responses((status = 204, description = "Removed"), (status = 403, description = "The role does not allow it", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove_folder_role(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, uid)): Path<(Id, Id, Id)>,
) -> Result<Response, ApiError> {
    let removal = RoleUpdate { role: None };
    folder_members::set_role(state.pool(), &user, pid, fid, uid, removal).await?;
    Ok(no_content())
}
