//! `GET,POST /api/projects/{pid}/folders`, `GET,PATCH,DELETE .../folders/{fid}` and
//! `GET .../folders/{fid}/children`.

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::folders::{Folder, FolderUpdate, NewFolder};
use rushes_api::page::PageQuery;
use rushes_api::Id;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::folders;
use crate::error::ApiError;
use crate::http::respond::{created, no_content, ok};
use crate::http::{AuthUser, Json, ListDoc, ListParams, Paging, Path, Query};
use crate::state::AppState;

/// The folder routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update, remove))
        .routes(routes!(children))
}

/// `?parent_id=N` on the folder list: which folder to list inside (the top when absent).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// The folder to list inside; the top of the project when absent.
    #[serde(default)]
    parent_id: Option<Id>,
}

/// The folders directly inside `parent_id` (or at the top) that the caller may see.
#[utoipa::path(get, path = "/projects/{pid}/folders", tag = "folders",
    params(("pid" = i64, Path, description = "The project"), ListQuery, PageQuery, ListDoc),
    responses((status = 200, description = "One page of folders", body = Envelope<Vec<Folder>>),
              (status = 404, description = "No such project or parent", body = ErrorEnvelope),
              (status = 422, description = "Bad paging, sort or filter", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    Query(query): Query<ListQuery>,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = folders::list(
        state.pool(),
        &user,
        pid,
        query.parent_id,
        &listing,
        paging.window(),
    )
    .await?;
    Ok(paging.respond(items, total))
}

/// The folders directly inside a folder that the caller may see.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}/children", tag = "folders",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder"), PageQuery, ListDoc),
    responses((status = 200, description = "One page of folders", body = Envelope<Vec<Folder>>),
              (status = 404, description = "No such folder here", body = ErrorEnvelope),
              (status = 422, description = "Bad paging, sort or filter", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn children(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid)): Path<(Id, Id)>,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = folders::list(
        state.pool(),
        &user,
        pid,
        Some(fid),
        &listing,
        paging.window(),
    )
    .await?;
    Ok(paging.respond(items, total))
}

/// Creates a folder inside `parent_id` or at the top (editors).
#[utoipa::path(post, path = "/projects/{pid}/folders", tag = "folders", request_body = NewFolder,
    params(("pid" = i64, Path, description = "The project")),
    responses((status = 201, description = "The new folder", body = Envelope<Folder>),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such project or parent", body = ErrorEnvelope),
              (status = 409, description = "The name is taken in the parent", body = ErrorEnvelope),
              (status = 422, description = "The name breaks the rules", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    Json(new): Json<NewFolder>,
) -> Result<Response, ApiError> {
    Ok(created(
        folders::create(state.pool(), &user, pid, &new).await?,
    ))
}

/// One folder.
#[utoipa::path(get, path = "/projects/{pid}/folders/{fid}", tag = "folders",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 200, description = "The folder", body = Envelope<Folder>),
              (status = 404, description = "No such folder here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid)): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    Ok(ok(folders::get(state.pool(), &user, pid, fid).await?))
}

/// Renames and/or moves a folder (`parent_id: null` moves it to the top; editors at both ends).
#[utoipa::path(patch, path = "/projects/{pid}/folders/{fid}", tag = "folders",
    request_body = FolderUpdate,
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 200, description = "The folder now", body = Envelope<Folder>),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such folder or target here", body = ErrorEnvelope),
              (status = 409, description = "The name is taken in the target", body = ErrorEnvelope),
              (status = 422, description = "A bad name, or a move into itself", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    Json(update): Json<FolderUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(folders::update(state.pool(), &user, ids, &update).await?))
}

/// Deletes a folder with everything below it, stored bytes included (editors).
#[utoipa::path(delete, path = "/projects/{pid}/folders/{fid}", tag = "folders",
    params(("pid" = i64, Path, description = "The project"),
           ("fid" = i64, Path, description = "The folder")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not an editor there", body = ErrorEnvelope),
              (status = 404, description = "No such folder here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    folders::delete(state.pool(), state.media(), &user, ids).await?;
    Ok(no_content())
}
