//! `GET /api/me`: the caller.

use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::users::User;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::respond::ok;
use crate::http::AuthUser;
use crate::state::AppState;

/// The `me` route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

/// The caller's own account.
#[utoipa::path(get, path = "/me", tag = "me",
    responses((status = 200, description = "The caller", body = Envelope<User>)),
    security(("bearer" = []), ("access_token" = [])))]
async fn me(AuthUser(user): AuthUser) -> Response {
    ok(user.to_api())
}
