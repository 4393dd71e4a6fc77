//! `POST /auth/api-key` and `POST /auth/refresh` (api.video's token endpoints).
//!
//! Their answers are bare token responses, not enveloped, as in api.video and RFC 6749; errors
//! still use the envelope.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use rushes_api::auth::{ApiKeyExchange, RefreshRequest, TokenResponse};

use crate::auth;
use crate::http::{ApiError, AppState, Json};

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
    Ok(token_response(pair))
}

async fn refresh(
    State(state): State<AppState>,
    Json(body): Json<RefreshRequest>,
) -> Result<Response, ApiError> {
    let pair = auth::refresh(state.pool(), state.tokens(), &body.refresh_token).await?;
    Ok(token_response(pair))
}

/// Tokens must not be cached by anything in between (RFC 6749 5.1).
fn token_response(pair: TokenResponse) -> Response {
    let mut response = axum::Json(pair).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
