//! `GET /api/session` and `DELETE /api/session`: the web app's page asks who is signed in (and
//! gets the CSRF token it must send back), and signs out.
//!
//! Both take the session cookie only, under the rules of `http::web_session`; a bearer token is
//! not a session. Without a session the page is answered 401 and sends the browser to
//! `/signin`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::session::WebSession as SessionInfo;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::web_session;
use crate::error::ApiError;
use crate::http::cookies;
use crate::http::respond::{no_content, ok};
use crate::http::web_session::WebSession;
use crate::state::AppState;

/// The session routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show, end))
}

/// Who is signed in to the web app in this browser, and the session's CSRF token.
///
/// The token is for `X-CSRF-Token` on every request that is not GET or HEAD, and for the
/// `csrf` field of the sign-out form. The answer is never cached.
#[utoipa::path(get, path = "/session", tag = "session",
    responses((status = 200, description = "The signed-in user and the session's CSRF token", body = Envelope<SessionInfo>),
              (status = 401, description = "Not signed in, or the session ended", body = ErrorEnvelope),
              (status = 403, description = "The request came from another origin", body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
async fn show(WebSession(session): WebSession) -> Response {
    let mut response = ok(SessionInfo {
        user: session.user.to_api(),
        csrf_token: session.csrf_token().to_owned(),
    });
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Signs out: ends the session and removes its cookie.
#[utoipa::path(delete, path = "/session", tag = "session",
    params(("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses((status = 204, description = "Signed out; `Set-Cookie` removes the cookie"),
              (status = 401, description = "Not signed in, or the session ended", body = ErrorEnvelope),
              (status = 403, description = "From another origin, or without the session's CSRF token", body = ErrorEnvelope)),
    security(("session_cookie" = [])))]
async fn end(
    State(state): State<AppState>,
    headers: HeaderMap,
    WebSession(session): WebSession,
) -> Result<Response, ApiError> {
    if let Some(token) = cookies::get(&headers, cookies::WEB_SESSION) {
        web_session::end(state.pool(), token).await?;
    }
    tracing::info!(user = session.user.id, "signed out of the web app");
    let mut response = no_content();
    if let Some(clear) = cookies::clear_web_session(state.base_url()) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    Ok(response)
}
