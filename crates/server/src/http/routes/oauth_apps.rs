//! `GET,POST /api/oauth-apps`, `GET,PATCH,DELETE /api/oauth-apps/{id}` and
//! `POST /api/oauth-apps/{id}/secret` (rotate) and `POST /api/oauth-apps/{id}/codes` (the
//! development "Generate" button).

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::oauth::{
    CreatedOAuthApp, DevCode, NewDevCode, NewOAuthApp, OAuthApp, OAuthAppUpdate,
};
use rushes_api::page::PageQuery;
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::http::respond::{created, no_content, ok};
use crate::http::{AuthUser, Json, Paging, Path};
use crate::oauth::{apps, dev_codes};
use crate::state::AppState;

/// The OAuth app routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update, remove))
        .routes(routes!(rotate_secret))
        .routes(routes!(generate_code))
}

/// The OAuth apps the caller registered, by name.
#[utoipa::path(get, path = "/oauth-apps", tag = "oauth-apps", params(PageQuery),
    responses((status = 200, description = "One page of apps", body = Envelope<Vec<OAuthApp>>),
              (status = 422, description = "Bad paging parameters", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = apps::list(state.pool(), state.base_url(), &user, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Registers an OAuth app. The answer is the only time a confidential app's secret is shown.
#[utoipa::path(post, path = "/oauth-apps", tag = "oauth-apps", request_body = NewOAuthApp,
    responses((status = 201, description = "The app, with its secret unless it is public", body = Envelope<CreatedOAuthApp>),
              (status = 422, description = "A bad name or redirect URI", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewOAuthApp>,
) -> Result<Response, ApiError> {
    Ok(created(
        apps::create(state.pool(), state.base_url(), &user, &new).await?,
    ))
}

/// One of the caller's apps.
#[utoipa::path(get, path = "/oauth-apps/{id}", tag = "oauth-apps",
    params(("id" = i64, Path, description = "The app")),
    responses((status = 200, description = "The app", body = Envelope<OAuthApp>),
              (status = 404, description = "Not one of the caller's apps", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    let row = apps::load(state.pool(), &user, id).await?;
    Ok(ok(apps::to_api(&row, state.base_url())))
}

/// Renames an app or replaces its redirect URIs; absent fields stay as they are.
#[utoipa::path(patch, path = "/oauth-apps/{id}", tag = "oauth-apps",
    params(("id" = i64, Path, description = "The app")),
    request_body = OAuthAppUpdate,
    responses((status = 200, description = "The app as it is now", body = Envelope<OAuthApp>),
              (status = 422, description = "A bad name or redirect URI", body = ErrorEnvelope),
              (status = 404, description = "Not one of the caller's apps", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
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

/// Deletes an app, and with it every token it was given.
#[utoipa::path(delete, path = "/oauth-apps/{id}", tag = "oauth-apps",
    params(("id" = i64, Path, description = "The app")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "Not one of the caller's apps", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    apps::delete(state.pool(), &user, id).await?;
    Ok(no_content())
}

/// Replaces a confidential app's secret; the old one stops working at once.
#[utoipa::path(post, path = "/oauth-apps/{id}/secret", tag = "oauth-apps",
    params(("id" = i64, Path, description = "The app")),
    responses((status = 200, description = "The app with its new secret", body = Envelope<CreatedOAuthApp>),
              (status = 422, description = "A public app has no secret", body = ErrorEnvelope),
              (status = 404, description = "Not one of the caller's apps", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
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

/// An authorization code for the caller: the development "Generate" button. The body is
/// optional: without one, the app's first redirect URI is used.
#[utoipa::path(post, path = "/oauth-apps/{id}/codes", tag = "oauth-apps",
    params(("id" = i64, Path, description = "The app")),
    request_body(content = Option<NewDevCode>, description = "Optional: the redirect URI the code is for"),
    responses((status = 201, description = "An authorization code for the caller, to exchange at /oauth/token", body = Envelope<DevCode>),
              (status = 422, description = "A public app, or a redirect URI the app does not have", body = ErrorEnvelope),
              (status = 404, description = "Not one of the caller's apps", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
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
