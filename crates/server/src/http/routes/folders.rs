//! `GET,POST /api/projects/{pid}/folders`, `GET,PATCH,DELETE .../folders/{fid}` and
//! `GET .../folders/{fid}/children`.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use rushes_api::folders::{FolderUpdate, NewFolder};
use rushes_api::Id;
use serde::Deserialize;

use crate::domain::folders;
use crate::http::respond::{created, no_content, ok};
use crate::http::{ApiError, AppState, AuthUser, Json, ListParams, Paging, Path, Query};

/// The folder routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/{pid}/folders", get(list).post(create))
        .route(
            "/projects/{pid}/folders/{fid}",
            get(show).patch(update).delete(remove),
        )
        .route("/projects/{pid}/folders/{fid}/children", get(children))
}

/// `?parent_id=N` on the folder list: which folder to list inside (the top when absent).
#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    parent_id: Option<Id>,
}

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

async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid)): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    Ok(ok(folders::get(state.pool(), &user, pid, fid).await?))
}

async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
    Json(update): Json<FolderUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(folders::update(state.pool(), &user, ids, &update).await?))
}

async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(ids): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    folders::delete(state.pool(), state.media(), &user, ids).await?;
    Ok(no_content())
}
