//! `POST /auth/api-key` and `POST /auth/refresh` (api.video's token endpoints).
//!
//! Their answers are bare token responses, not enveloped, as in api.video and RFC 6749; errors
//! still use the envelope.

use axum::extract::State;
use axum::response::Response;
use rushes_api::auth::{ApiKeyExchange, RefreshRequest, TokenResponse};
use rushes_api::error::ErrorEnvelope;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth;
use crate::error::ApiError;
use crate::http::{respond, Json};
use crate::state::AppState;

/// The token routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(exchange_api_key))
        .routes(routes!(refresh))
}

/// Exchanges an API key for an access and a refresh token.
#[utoipa::path(post, path = "/auth/api-key", tag = "auth", request_body = ApiKeyExchange,
    responses((status = 200, description = "A token pair (not enveloped)", body = TokenResponse),
              (status = 401, description = "The key is unknown or deleted", body = ErrorEnvelope)))]
async fn exchange_api_key(
    State(state): State<AppState>,
    Json(body): Json<ApiKeyExchange>,
) -> Result<Response, ApiError> {
    let pair = auth::exchange_api_key(state.pool(), state.tokens(), &body.api_key).await?;
    Ok(respond::tokens(pair))
}

/// Trades a refresh token for a new pair. The old refresh token stops working; presenting it
/// again revokes the whole family.
#[utoipa::path(post, path = "/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, description = "A new token pair (not enveloped)", body = TokenResponse),
              (status = 401, description = "The refresh token is invalid, expired or reused", body = ErrorEnvelope)))]
async fn refresh(
    State(state): State<AppState>,
    Json(body): Json<RefreshRequest>,
) -> Result<Response, ApiError> {
    let pair = auth::refresh(state.pool(), state.tokens(), &body.refresh_token).await?;
    Ok(respond::tokens(pair))
}
