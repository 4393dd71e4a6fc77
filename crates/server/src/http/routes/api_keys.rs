//! `GET,POST /api/api-keys` and `DELETE /api/api-keys/{id}`: the caller's own API keys.

use axum::extract::State;
use axum::response::Response;
use rushes_api::auth::{ApiKey, CreatedApiKey, NewApiKey};
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::page::PageQuery;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::keys;
use crate::error::ApiError;
use crate::http::respond::{created, no_content};
use crate::http::{AuthUser, Json, Paging, Path};
use crate::state::AppState;

/// The API key routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(remove))
}

/// The caller's API keys, newest first. Their secrets are never shown again.
#[utoipa::path(get, path = "/api-keys", tag = "api-keys", params(PageQuery),
    responses((status = 200, description = "One page of keys", body = Envelope<Vec<ApiKey>>),
              (status = 422, description = "Bad paging parameters", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = keys::list(state.pool(), &user, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Creates an API key for the caller. The answer is the only time its secret is shown.
#[utoipa::path(post, path = "/api-keys", tag = "api-keys", request_body = NewApiKey,
    responses((status = 201, description = "The key, with its secret", body = Envelope<CreatedApiKey>),
              (status = 422, description = "The name is not acceptable", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewApiKey>,
) -> Result<Response, ApiError> {
    Ok(created(keys::create(state.pool(), &user, &new.name).await?))
}

/// Deletes one of the caller's API keys; tokens obtained with it stop working.
#[utoipa::path(delete, path = "/api-keys/{id}", tag = "api-keys",
    params(("id" = i64, Path, description = "The key")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "Not one of the caller's keys", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    keys::delete(state.pool(), &user, id).await?;
    Ok(no_content())
}
