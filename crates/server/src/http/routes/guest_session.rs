//! `POST,GET,DELETE /api/guest/session`: a guest of a review link starts a session with the
//! link's token, their name and the password (when the link has one); the page asks for it
//! again after a reload; the guest leaves.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_api::review_links::{GuestSession, NewGuestSession};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::guest_session;
use crate::domain::guest::session;
use crate::error::ApiError;
use crate::http::client_addr::ClientAddr;
use crate::http::cookies;
use crate::http::guest_session::GuestAuth;
use crate::http::origin::{self, OpaqueOrigin};
use crate::http::respond::{created, no_content, ok};
use crate::http::Json;
use crate::state::AppState;

/// The guest session routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(start, show, end))
}

/// Starts a guest session: sets the guest cookie (`HttpOnly`, `SameSite=Strict`) and answers
/// the link as the guest sees it with the session's CSRF token. An unknown, revoked or expired
/// token is 404, all alike; a wrong password 401, and 429 once the failures lock the link or
/// the address.
#[utoipa::path(post, path = "/guest/session", tag = "guest", request_body = NewGuestSession,
    responses((status = 201, description = "The session; `Set-Cookie` carries it", body = Envelope<GuestSession>),
              (status = 401, description = "The link needs a password, or it is wrong", body = ErrorEnvelope),
              (status = 403, description = "From another origin", body = ErrorEnvelope),
              (status = 404, description = "No such link, or it was revoked or has expired", body = ErrorEnvelope),
              (status = 422, description = "A blank or too long name", body = ErrorEnvelope),
              (status = 429, description = "Too many wrong passwords; `Retry-After` says when", body = ErrorEnvelope)))]
async fn start(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Json(new): Json<NewGuestSession>,
) -> Result<Response, ApiError> {
    // Only the link's page may start a session: another site must not sign a browser in as a
    // guest of the attacker's link (the JSON body already needs a preflight no other origin
    // passes; this holds without relying on that).
    if !origin::same_origin(&headers, state.base_url(), OpaqueOrigin::Refused) {
        return Err(ApiError::Refused(
            "a guest session is started only from this server's own pages",
        ));
    }
    let limits = &state.tokens().web_sessions;
    // A guest who opens another link in the same browser leaves the session they had.
    if let Some(old) = cookies::get(&headers, cookies::GUEST_SESSION) {
        guest_session::end(state.pool(), old).await?;
    }
    let (token, shown) =
        session::start(state.pool(), state.guest_throttle(), limits, addr, &new).await?;
    let cookie = cookies::set_guest_session(state.base_url(), &token, limits.max_age)
        .ok_or_else(|| ApiError::Internal("the guest cookie is not a header value".into()))?;
    let mut response = created(shown);
    response.headers_mut().append(header::SET_COOKIE, cookie);
    no_store(&mut response);
    Ok(response)
}

/// The running guest session: the link, the guest's name and the CSRF token.
#[utoipa::path(get, path = "/guest/session", tag = "guest",
    responses((status = 200, description = "The session", body = Envelope<GuestSession>),
              (status = 401, description = "No guest session, or it ended", body = ErrorEnvelope),
              (status = 403, description = "From another origin", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn show(
    State(state): State<AppState>,
    GuestAuth(guest): GuestAuth,
) -> Result<Response, ApiError> {
    let mut response = ok(session::show(state.pool(), &guest).await?);
    no_store(&mut response);
    Ok(response)
}

/// Leaves: ends the guest session and removes its cookie.
#[utoipa::path(delete, path = "/guest/session", tag = "guest",
    params(("X-CSRF-Token" = String, Header, description = "The guest session's CSRF token")),
    responses((status = 204, description = "Left; `Set-Cookie` removes the cookie"),
              (status = 401, description = "No guest session, or it ended", body = ErrorEnvelope),
              (status = 403, description = "From another origin, or without the CSRF token", body = ErrorEnvelope)),
    security(("guest_cookie" = [])))]
async fn end(
    State(state): State<AppState>,
    headers: HeaderMap,
    GuestAuth(guest): GuestAuth,
) -> Result<Response, ApiError> {
    if let Some(token) = cookies::get(&headers, cookies::GUEST_SESSION) {
        guest_session::end(state.pool(), token).await?;
    }
    tracing::info!(link = guest.link.id, guest = %guest.name, "guest left");
    let mut response = no_content();
    if let Some(clear) = cookies::clear_guest_session(state.base_url()) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    Ok(response)
}

fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}
