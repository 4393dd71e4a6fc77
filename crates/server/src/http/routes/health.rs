//! `GET /healthz`: 200 once the server can answer, which includes reaching its database.

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use crate::http::{ApiError, AppState};

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    sqlx::query("SELECT 1").execute(state.pool()).await?;
    Ok("ok")
}
