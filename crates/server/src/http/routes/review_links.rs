//! `GET,POST /api/projects/{pid}/review-links` and `PATCH,DELETE .../review-links/{id}`: the
//! team shares folders and files with guests (`domain::review_links` has the rules).

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::page::PageQuery;
use rushes_api::review_links::{CreatedReviewLink, NewReviewLink, ReviewLink, ReviewLinkUpdate};
use rushes_api::Id;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::review_links;
use crate::error::ApiError;
use crate::http::respond::{created, no_content, ok};
use crate::http::{AuthUser, Json, Paging, Path};
use crate::state::AppState;

/// The review link routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update, revoke))
}

/// The project's review links the caller may manage (editors of what they share), newest
/// first, revoked ones included. Never their tokens or passwords.
#[utoipa::path(get, path = "/projects/{pid}/review-links", tag = "review-links",
    params(("pid" = i64, Path, description = "The project"), PageQuery),
    responses((status = 200, description = "One page of links", body = Envelope<Vec<ReviewLink>>),
              (status = 403, description = "Not an editor anywhere in the project", body = ErrorEnvelope),
              (status = 404, description = "No such project", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let (items, total) = review_links::list(state.pool(), &user, pid, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Shares a folder (with everything below it) or a file with people who have no account
/// (editors of it). The answer's `url` holds the token and is shown only this once.
#[utoipa::path(post, path = "/projects/{pid}/review-links", tag = "review-links",
    request_body = NewReviewLink,
    params(("pid" = i64, Path, description = "The project")),
    responses((status = 201, description = "The link and its URL", body = Envelope<CreatedReviewLink>),
              (status = 403, description = "Not an editor of what it would share", body = ErrorEnvelope),
              (status = 404, description = "No such project, folder or file", body = ErrorEnvelope),
              (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(pid): Path<Id>,
    Json(new): Json<NewReviewLink>,
) -> Result<Response, ApiError> {
    let made = review_links::create(state.pool(), state.base_url(), &user, pid, &new).await?;
    Ok(created(made))
}

/// Changes a link's label, permission, expiry or password (`null` removes the expiry or the
/// password). A new password ends the link's guest sessions.
#[utoipa::path(patch, path = "/projects/{pid}/review-links/{id}", tag = "review-links",
    request_body = ReviewLinkUpdate,
    params(("pid" = i64, Path, description = "The project"),
           ("id" = i64, Path, description = "The link")),
    responses((status = 200, description = "The link now", body = Envelope<ReviewLink>),
              (status = 403, description = "Not an editor of what it shares", body = ErrorEnvelope),
              (status = 404, description = "No such link here", body = ErrorEnvelope),
              (status = 409, description = "The link is revoked", body = ErrorEnvelope),
              (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, id)): Path<(Id, Id)>,
    Json(change): Json<ReviewLinkUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(review_links::update(
        state.pool(),
        &user,
        pid,
        id,
        &change,
    )
    .await?))
}

/// Revokes a link: it stops working at once, its guests' sessions end, and it stays listed
/// with `revoked_at`.
#[utoipa::path(delete, path = "/projects/{pid}/review-links/{id}", tag = "review-links",
    params(("pid" = i64, Path, description = "The project"),
           ("id" = i64, Path, description = "The link")),
    responses((status = 204, description = "Revoked"),
              (status = 403, description = "Not an editor of what it shares", body = ErrorEnvelope),
              (status = 404, description = "No such link here", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn revoke(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((pid, id)): Path<(Id, Id)>,
) -> Result<Response, ApiError> {
    review_links::revoke(state.pool(), &user, pid, id).await?;
    Ok(no_content())
}
