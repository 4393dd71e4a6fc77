//! `GET /api/authorizations` and `DELETE /api/authorizations/{id}`: the apps the caller
//! authorized, and withdrawing that (which revokes their tokens).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::Router;
use rushes_api::Id;

use crate::http::respond::no_content;
use crate::http::{ApiError, AppState, AuthUser, Paging, Path};
use crate::oauth::authorizations;

/// The authorization routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/authorizations", get(list))
        .route("/authorizations/{id}", delete(withdraw))
}

async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = authorizations::list(state.pool(), &user, paging.window()).await?;
    Ok(paging.respond(items, total))
}

async fn withdraw(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    authorizations::withdraw(state.pool(), &user, id).await?;
    Ok(no_content())
}
