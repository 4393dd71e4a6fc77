//! `POST /auth/api-key` and `POST /auth/refresh` (api.video's token endpoints).
//!
//! Their answers are bare token responses, not enveloped, as in api.video and RFC 6749; errors
//! still use the envelope.

use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use rushes_api::auth::{ApiKeyExchange, RefreshRequest};

use crate::auth;
use crate::http::{respond, ApiError, AppState, Json};

/// The token routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/api-key", post(exchange_api_key))
        .route("/auth/refresh", post(refresh))
}

async fn exchange_api_key(
    State(state): State<AppState>,
    Json(body): Json<ApiKeyExchange>,
) -> Result<Response, ApiError> {
    let pair = auth::exchange_api_key(state.pool(), state.tokens(), &body.api_key).await?;
    Ok(respond::tokens(pair))
}

async fn refresh(
    State(state): State<AppState>,
    Json(body): Json<RefreshRequest>,
) -> Result<Response, ApiError> {
    let pair = auth::refresh(state.pool(), state.tokens(), &body.refresh_token).await?;
    Ok(respond::tokens(pair))
}
