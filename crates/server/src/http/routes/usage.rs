//! `GET /api/me/usage` and `GET /api/projects/{pid}/usage`: storage used against the quotas, so
//! people see how much room is left before an upload is refused for it.

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::usage::StorageUsage;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::ProjectAccess;
use crate::db::usage;
use crate::error::ApiError;
use crate::http::respond::ok;
use crate::http::{AuthUser, Path};
use crate::state::AppState;

/// The usage routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_usage))
        .routes(routes!(project_usage))
}

/// The caller's storage: ready files they created, their unfinished uploads (by declared
/// length) and their partial uploads, against the per-user quota.
#[utoipa::path(get, path = "/me/usage", tag = "me",
    responses((status = 200, description = "Bytes used and allowed", body = Envelope<StorageUsage>)),
    security(("bearer" = []), ("access_token" = [])))]
async fn my_usage(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
) -> Result<Response, ApiError> {
    let used_bytes = usage::of_user(state.pool(), user.id).await?;
    Ok(ok(StorageUsage {
        used_bytes,
        limit_bytes: state.tus().quotas().user_bytes,
    }))
}

/// A project's storage: its ready files and the unfinished uploads into it, against the
/// per-project quota. Anyone with a role in the project may ask.
#[utoipa::path(get, path = "/projects/{pid}/usage", tag = "projects",
    params(("pid" = i64, Path, description = "The project")),
    responses((status = 200, description = "Bytes used and allowed", body = Envelope<StorageUsage>),
              (status = 404, description = "No such project, or no role in it", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn project_usage(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
) -> Result<Response, ApiError> {
    ProjectAccess::load(state.pool(), &user, pid).await?;
    let used_bytes = usage::of_project(state.pool(), pid).await?;
    Ok(ok(StorageUsage {
        used_bytes,
        limit_bytes: state.tus().quotas().project_bytes,
    }))
}
