//! `GET,POST /api/users`, `GET,PATCH /api/users/{uid}`, `POST /api/users/{uid}/invitation`
//! and `GET,PUT /api/users/{uid}/roles`: accounts and their grants, for server admins (a user
//! may read their own account and roles).

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use rushes_api::members::UserGrant;
use rushes_api::users::{NewUser, UserUpdate};
use rushes_api::Id;
use serde::Deserialize;

use crate::db::user_admin::UserFilter;
use crate::domain::{user_roles, users};
use crate::http::respond::{created, ok};
use crate::http::{ApiError, AppState, AuthUser, Json, Paging, Path, Problems, Query};
use crate::validate::MAX_NAME_BYTES;

/// The user routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{uid}", get(show).patch(update))
        .route("/users/{uid}/invitation", post(reinvite))
        .route("/users/{uid}/roles", get(roles).put(replace_roles))
}

/// `?name=` and `?email=`: parts of the name or email address, ignoring case.
#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default)]
    name: Option<String>,
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

async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Json(new): Json<NewUser>,
) -> Result<Response, ApiError> {
    let made = users::create(state.pool(), state.base_url(), &user, &new).await?;
    Ok(created(made))
}

async fn reinvite(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
) -> Result<Response, ApiError> {
    let made = users::reinvite(state.pool(), state.base_url(), &user, uid).await?;
    Ok(created(made))
}

async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(users::get(state.pool(), &user, uid).await?))
}

async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
    Json(change): Json<UserUpdate>,
) -> Result<Response, ApiError> {
    Ok(ok(users::update(state.pool(), &user, uid, &change).await?))
}

async fn roles(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(uid): Path<Id>,
) -> Result<Response, ApiError> {
    Ok(ok(user_roles::get(state.pool(), &user, uid).await?))
}

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
