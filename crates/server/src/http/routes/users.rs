//! `GET,POST /api/users`, `GET,PATCH /api/users/{uid}`, `POST /api/users/{uid}/invitation`
//! and `GET,PUT /api/users/{uid}/roles`: accounts and their grants, for server admins (a user
//! may read their own account and roles).

use axum::extract::State;
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::members::UserGrant;
use rushes_api::page::PageQuery;
use rushes_api::users::{CreatedUser, NewUser, User, UserUpdate};
use rushes_api::Id;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::db::user_admin::UserFilter;
use crate::domain::{user_roles, users};
use crate::error::{ApiError, Problems};
use crate::http::respond::{created, ok};
use crate::http::{AuthUser, Json, Paging, Path, Query};
use crate::state::AppState;
use crate::validate::MAX_NAME_BYTES;

/// The user routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update))
        .routes(routes!(reinvite))
        .routes(routes!(roles, replace_roles))
}

/// `?name=` and `?email=`: parts of the name or email address, ignoring case.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// A part of the name, ignoring case.
    #[serde(default)]
    name: Option<String>,
    /// A part of the email address, ignoring case.
    #[serde(default)]
    email: Option<String>,
}

impl ListQuery {
    fn filter(self) -> Result<UserFilter, ApiError> {
        let mut problems = Problems::default();
        for (field, value) in [("name", &self.name), ("email", &self.email)] {
            if value.as_ref().is_some_and(|v| v.len() > MAX_NAME_BYTES) {
                problems.check(field, Err("is too long (maximum is 255 bytes)"));
            }
        }
        problems.finish()?;
        let keep = |v: Option<String>| v.filter(|v| !v.is_empty());
        Ok(UserFilter {
            name: keep(self.name),
            email: keep(self.email),
        })
    }
}

/// Every user, filtered by parts of the name or email (server admins).
#[utoipa::path(get, path = "/users", tag = "users", params(ListQuery, PageQuery),
    responses((status = 200, description = "One page of users", body = Envelope<Vec<User>>), (status = 403, description = "Only server admins (and the user, for reading themselves)", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Query(query): Query<ListQuery>,
    paging: Paging,
) -> Result<Response, ApiError> {
    let filter = query.filter()?;
    let (items, total) = users::list(state.pool(), &user, &filter, paging.window()).await?;
    Ok(paging.respond(items, total))
}

/// Creates a user; without a password the answer holds a one-time invitation link (server
/// admins).
#[utoipa::path(post, path = "/users", tag = "users", request_body = NewUser,
    responses((status = 201, description = "The user, and the invitation link if any", body = Envelope<CreatedUser>),
              (status = 403, description = "Only server admins (and the user, for reading themselves)", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewUser>,
) -> Result<Response, ApiError> {
    let made = users::create(state.pool(), state.base_url(), &user, &new).await?;
    Ok(created(made))
}

/// A fresh invitation link for a user who has not set a password (server admins).
#[utoipa::path(post, path = "/users/{uid}/invitation", tag = "users", params(("uid" = i64, Path, description = "The user")),
    responses((status = 201, description = "The user and the new link", body = Envelope<CreatedUser>),
              (status = 403, description = "Only server admins (and the user, for reading themselves)", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope), (status = 409, description = "Would leave the project without a manager, or lock an admin out", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn reinvite(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
) -> Result<Response, ApiError> {
    let made = users::reinvite(state.pool(), state.base_url(), &user, uid).await?;
    Ok(created(made))
}

/// One user (server admins, or the user themselves).
#[utoipa::path(get, path = "/users/{uid}", tag = "users", params(("uid" = i64, Path, description = "The user")),
    responses((status = 200, description = "The user", body = Envelope<User>), (status = 403, description = "Only server admins (and the user, for reading themselves)", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(users::get(state.pool(), &user, uid).await?))
}

/// Changes a user's name, email, password, admin flag or active state (server admins).
#[utoipa::path(patch, path = "/users/{uid}", tag = "users", request_body = UserUpdate, params(("uid" = i64, Path, description = "The user")),
    responses((status = 200, description = "The user now", body = Envelope<User>),
              (status = 403, description = "Only server admins (and the user, for reading themselves)", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope), (status = 409, description = "Would leave the project without a manager, or lock an admin out", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
    Json(change): Json<UserUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(users::update(state.pool(), &user, uid, &change).await?))
}

/// Every role the user has, on projects and folders (server admins, or the user themselves).
#[utoipa::path(get, path = "/users/{uid}/roles", tag = "users", params(("uid" = i64, Path, description = "The user")),
    responses((status = 200, description = "The grants", body = Envelope<Vec<UserGrant>>), (status = 403, description = "Only server admins (and the user, for reading themselves)", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn roles(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(user_roles::get(state.pool(), &user, uid).await?))
}

/// Replaces the user's whole set of roles in one step; an empty set deactivates them (server
/// admins).
#[utoipa::path(put, path = "/users/{uid}/roles", tag = "users", request_body = Vec<UserGrant>, params(("uid" = i64, Path, description = "The user")),
    responses((status = 200, description = "The grants now", body = Envelope<Vec<UserGrant>>),
              (status = 403, description = "Only server admins (and the user, for reading themselves)", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to the caller", body = ErrorEnvelope), (status = 422, description = "The input breaks a rule", body = ErrorEnvelope)),
    security(("bearer" = []), ("access_token" = [])))]
async fn replace_roles(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
    Json(wanted): Json<Vec<UserGrant>>,
) -> Result<Response, ApiError> {
    Ok(ok(
        user_roles::replace(state.pool(), &user, uid, &wanted).await?
    ))
}
