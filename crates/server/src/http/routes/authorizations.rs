//! `GET /api/authorizations` and `DELETE /api/authorizations/{id}`: the apps the caller
//! authorized, and withdrawing that (which revokes their tokens).

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::oauth::Authorization;
use rushes_api::page::PageQuery;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::http::respond::no_content;
use crate::http::{AuthUser, Paging, Path};
use crate::oauth::authorizations;
use crate::state::AppState;

/// The authorization routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(withdraw))
}

/// The apps the caller authorized, newest first.
#[utoipa::path(get, path = "/authorizations", tag = "authorizations", params(PageQuery),
    responses((status = 200, description = "One page of authorizations", body = Envelope<Vec<Authorization>>),
              (status = 422, description = "Bad paging parameters", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = authorizations::list(state.pool(), &user, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Withdraws an authorization: the app's tokens for the caller stop working.
#[utoipa::path(delete, path = "/authorizations/{id}", tag = "authorizations",
    params(("id" = i64, Path, description = "The authorization")),
    responses((status = 204, description = "Withdrawn"),
              (status = 404, description = "Not one of the caller's authorizations", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn withdraw(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    authorizations::withdraw(state.pool(), &user, id).await?;
    Ok(no_content())
}
