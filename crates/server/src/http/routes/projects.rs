//! `GET,POST /api/projects`, `GET,PATCH,DELETE /api/projects/{pid}`.

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::page::PageQuery;
use rushes_api::projects::{NewProject, Project, ProjectUpdate};
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::projects;
use crate::error::ApiError;
use crate::http::respond::{created, no_content, ok};
use crate::http::{AuthUser, Json, ListDoc, ListParams, Paging, Path};
use crate::state::AppState;

/// The project routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update, remove))
}

/// The projects the caller has a role in (every project for a server admin).
#[utoipa::path(get, path = "/projects", tag = "projects", params(PageQuery, ListDoc),
    responses((status = 200, description = "One page of projects", body = Envelope<Vec<Project>>),
              (status = 422, description = "Bad paging, sort or filter", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ListParams(listing): ListParams,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = projects::list(state.pool(), &user, &listing, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Creates a project; the caller becomes its manager.
#[utoipa::path(post, path = "/projects", tag = "projects", request_body = NewProject,
    responses((status = 201, description = "The new project", body = Envelope<Project>),
              (status = 409, description = "The name is taken", body = ErrorEnvelope),
              (status = 422, description = "The name or description breaks the rules", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewProject>,
) -> Result<Response, ApiError> {
    Ok(created(projects::create(state.pool(), &user, &new).await?))
}

/// One project.
#[utoipa::path(get, path = "/projects/{pid}", tag = "projects",
    params(("pid" = i64, Path, description = "The project")),
    responses((status = 200, description = "The project", body = Envelope<Project>),
              (status = 404, description = "No such project, or no role in it", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(projects::get(state.pool(), &user, pid).await?))
}

/// Renames a project or changes its description (managers).
#[utoipa::path(patch, path = "/projects/{pid}", tag = "projects", request_body = ProjectUpdate,
    params(("pid" = i64, Path, description = "The project")),
    responses((status = 200, description = "The project now", body = Envelope<Project>),
              (status = 403, description = "Not a manager of the project", body = ErrorEnvelope),
              (status = 404, description = "No such project, or no role in it", body = ErrorEnvelope),
              (status = 409, description = "The name is taken", body = ErrorEnvelope),
              (status = 422, description = "The name or description breaks the rules", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
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

/// Deletes a project with its folders, files, comments and stored bytes (managers).
#[utoipa::path(delete, path = "/projects/{pid}", tag = "projects",
    params(("pid" = i64, Path, description = "The project")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not a manager of the project", body = ErrorEnvelope),
              (status = 404, description = "No such project, or no role in it", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
) -> Result<Response, ApiError> {
    projects::delete(state.pool(), state.media(), &user, pid).await?;
    Ok(no_content())
}
