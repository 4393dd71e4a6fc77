//! `GET /healthz`: 200 once the server can answer, which includes reaching its database.
//! `GET /readyz`: whether this instance should get traffic now — it reaches its database and
//! can write to its media storage — for load balancers and service managers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rushes_api::health::{Check, Readiness};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::state::AppState;

/// The health routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
}

/// Whether the server is ready: `ok` once it can reach its database.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "Ready", body = String, content_type = "text/plain"),
              (status = 500, description = "The database cannot be reached", body = rushes_api::error::ErrorEnvelope)))]
async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    sqlx::query("SELECT 1").execute(state.pool()).await?;
    Ok("ok")
}

/// Whether this instance can serve requests now. Every check runs on each call and the answer
/// says which failed; the reasons in full go to the log, not to whoever asks.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "Ready: the database and the storage answer", body = Readiness),
              (status = 503, description = "Not ready; `database` or `storage` says which part failed", body = Readiness)))]
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = match sqlx::query("SELECT 1").execute(state.pool()).await {
        Ok(_) => Check::OK,
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            Check::failed("the database does not answer")
        }
    };
    let storage = match state.media().store.check_ready().await {
        Ok(()) => Check::OK,
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the media storage cannot be written");
            Check::failed("the media storage cannot be written")
        }
    };
    let ready = database.ok && storage.ok;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Readiness {
            ready,
            database,
            storage,
        }),
    )
}
