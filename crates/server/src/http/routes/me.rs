//! `GET /api/me`: the caller.

use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::http::respond::ok;
use crate::http::{AppState, AuthUser};

/// The `me` route.
pub fn router() -> Router<AppState> {
    Router::new().route("/me", get(me))
}

async fn me(AuthUser(user): AuthUser) -> Response {
    ok(user.to_api())
}
