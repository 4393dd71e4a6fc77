//! `GET,POST .../folders/{fid}/files/{id}/comments`, `PATCH,DELETE .../comments/{cid}` and
//! `POST .../comments/{cid}/comments` (a reply).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::Router;
use rushes_api::comments::{CommentUpdate, NewComment};
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;

use crate::domain::comments::{self, FileRef};
use crate::http::respond::{created, no_content, ok};
use crate::http::{ApiError, AppState, AuthUser, Json, Paging, Path};

/// The comment routes.
///
/// Plain axum routes for now, so they are served but not yet in the OpenAPI document; their
/// `#[utoipa::path]` descriptions come with the merge that documents them.
#[allow(clippy::disallowed_methods)]
pub fn router() -> OpenApiRouter<AppState> {
    const FILE: &str = "/projects/{pid}/folders/{fid}/files/{id}/comments";
    let routes = Router::new()
        .route(FILE, get(list).post(create))
        .route(&format!("{FILE}/{{cid}}"), patch(update).delete(remove))
        .route(&format!("{FILE}/{{cid}}/comments"), post(reply));
    OpenApiRouter::from(routes)
}

fn file_ref(project_id: Id, folder_id: Id, file_id: Id) -> FileRef {
    FileRef {
        project_id,
        folder_id,
        file_id,
    }
}

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

async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id)): Path<(Id, Id, Id)>,
    Json(new): Json<NewComment>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    Ok(created(
        comments::create(state.pool(), &user, file, &new).await?,
    ))
}

async fn reply(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id, cid)): Path<(Id, Id, Id, Id)>,
    Json(new): Json<NewComment>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    Ok(created(
        comments::reply(state.pool(), &user, file, cid, &new).await?,
    ))
}

async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id, cid)): Path<(Id, Id, Id, Id)>,
    Json(change): Json<CommentUpdate>,
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

async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, fid, id, cid)): Path<(Id, Id, Id, Id)>,
) -> Result<Response, ApiError> {
    let file = file_ref(pid, fid, id);
    comments::delete(state.pool(), &user, file, cid).await?;
    Ok(no_content())
}
