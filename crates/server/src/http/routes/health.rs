//! `GET /healthz`: 200 once the server can answer, which includes reaching its database.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::state::AppState;

/// The health route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz))
}

/// Whether the server is ready: `ok` once it can reach its database.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "Ready", body = String, content_type = "text/plain"),
              (status = 500, description = "The database cannot be reached", body = rushes_api::error::ErrorEnvelope)))]
async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    sqlx::query("SELECT 1").execute(state.pool()).await?;
    Ok("ok")
}
