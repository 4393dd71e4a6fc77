//! `GET,POST /api/projects`, `GET,PATCH,DELETE /api/projects/{pid}`.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use rushes_api::projects::{NewProject, ProjectUpdate};
use rushes_api::Id;

use crate::domain::projects;
use crate::http::respond::{created, no_content, ok};
use crate::http::{ApiError, AppState, AuthUser, Json, ListParams, Paging, Path};

/// The project routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list).post(create))
        .route("/projects/{pid}", get(show).patch(update).delete(remove))
}

async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = projects::list(state.pool(), &user, &listing, paging.window()).await?;
    Ok(paging.respond(items, total))
}

async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewProject>,
) -> Result<Response, ApiError> {
    Ok(created(projects::create(state.pool(), &user, &new).await?))
}

async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(projects::get(state.pool(), &user, pid).await?))
}

async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    Json(update): Json<ProjectUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(
        projects::update(state.pool(), &user, pid, &update).await?
    ))
}

async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
) -> Result<Response, ApiError> {
    projects::delete(state.pool(), state.media(), &user, pid).await?;
    Ok(no_content())
}
