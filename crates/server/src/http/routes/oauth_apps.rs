//! `GET,POST /api/oauth-apps`, `GET,PATCH,DELETE /api/oauth-apps/{id}` and
//! `POST /api/oauth-apps/{id}/secret` (rotate) and `POST /api/oauth-apps/{id}/codes` (the
//! development "Generate" button).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use rushes_api::oauth::{NewDevCode, NewOAuthApp, OAuthAppUpdate};
use rushes_api::Id;

use crate::http::respond::{created, no_content, ok};
use crate::http::{ApiError, AppState, AuthUser, Json, Paging, Path};
use crate::oauth::{apps, dev_codes};

/// The OAuth app routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oauth-apps", get(list).post(create))
        .route("/oauth-apps/{id}", get(show).patch(update).delete(remove))
        .route("/oauth-apps/{id}/secret", post(rotate_secret))
        .route("/oauth-apps/{id}/codes", post(generate_code))
}

async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = apps::list(state.pool(), state.base_url(), &user, paging.window()).await?;
    Ok(paging.respond(items, total))
}

async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewOAuthApp>,
) -> Result<Response, ApiError> {
    Ok(created(
        apps::create(state.pool(), state.base_url(), &user, &new).await?,
    ))
}

async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    let row = apps::load(state.pool(), &user, id).await?;
    Ok(ok(apps::to_api(&row, state.base_url())))
}

async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
    Json(change): Json<OAuthAppUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(apps::update(
        state.pool(),
        state.base_url(),
        &user,
        id,
        &change,
    )
    .await?))
}

async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    apps::delete(state.pool(), &user, id).await?;
    Ok(no_content())
}

async fn rotate_secret(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(apps::rotate_secret(
        state.pool(),
        state.base_url(),
        &user,
        id,
    )
    .await?))
}

/// The body is optional: without one, the app's first redirect URI is used.
async fn generate_code(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
    body: Option<Json<NewDevCode>>,
) -> Result<Response, ApiError> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    Ok(created(
        dev_codes::generate(state.pool(), &user, id, &body).await?,
    ))
}
