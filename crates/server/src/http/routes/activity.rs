//! `GET /api/projects/{pid}/activity` and `GET /api/me/activity`: what happened in a project,
//! and the caller's notifications.

use axum::extract::State;
use axum::response::Response;
use rushes_api::activity::Activity;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::page::PageQuery;
use rushes_api::Id;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::activity;
use crate::error::ApiError;
use crate::http::respond::ok;
use crate::http::{AuthUser, Paging, Path, Query};
use crate::state::AppState;

/// The activity routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(in_project))
        .routes(routes!(mine))
}

/// `?after=` of the notification feed.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Only entries with a higher id (oldest first, at most 100). Without it: the newest 20.
    #[serde(default)]
    after: Option<Id>,
}

/// What happened to the files of the project the caller may see, newest first: uploads, new
/// versions, comments, replies and status changes.
#[utoipa::path(get, path = "/projects/{pid}/activity", tag = "activity",
    params(("pid" = i64, Path, description = "The project"), PageQuery),
    responses((status = 200, description = "One page of entries", body = Envelope<Vec<Activity>>),
              (status = 404, description = "No such project here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn in_project(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = activity::in_project(state.pool(), &user, pid, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// The caller's notifications: comments and replies by others on files they uploaded or
/// commented on (any version), oldest first after `after`; without it the newest 20.
#[utoipa::path(get, path = "/me/activity", tag = "activity",
    params(FeedQuery),
    responses((status = 200, description = "Entries, oldest first", body = Envelope<Vec<Activity>>),
              (status = 422, description = "A bad `after`", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn mine(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Query(query): Query<FeedQuery>,
) -> Result<Response, ApiError> {
    Ok(ok(activity::feed(state.pool(), &user, query.after).await?))
}
