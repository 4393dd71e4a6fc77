//! `GET,POST /api/api-keys` and `DELETE /api/api-keys/{id}`: the caller's own API keys.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::Router;
use rushes_api::auth::NewApiKey;
use rushes_api::Id;

use crate::auth::keys;
use crate::http::respond::{created, no_content};
use crate::http::{ApiError, AppState, AuthUser, Json, Paging, Path};

/// The API key routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api-keys", get(list).post(create))
        .route("/api-keys/{id}", delete(remove))
}

async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = keys::list(state.pool(), &user, paging.window()).await?;
    Ok(paging.respond(items, total))
}

async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewApiKey>,
) -> Result<Response, ApiError> {
    Ok(created(keys::create(state.pool(), &user, &new.name).await?))
}

async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    keys::delete(state.pool(), &user, id).await?;
    Ok(no_content())
}
