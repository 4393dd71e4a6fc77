//! The web app's session cookie on API requests: the rules that make a credential the browser
//! attaches by itself safe to accept (see `auth::web_session` for the sessions themselves).
//!
//! A request authenticated by the cookie must
//! 1. come from this server's own pages: `Origin`, when sent, is the server's origin, and
//!    `Sec-Fetch-Site`, when sent, is `same-origin` or `none` (otherwise 403 `forbidden`);
//! 2. name a live session of an active user (otherwise 401 `unauthorized`);
//! 3. when it is not a safe method (anything but GET, HEAD, OPTIONS), carry the session's CSRF
//!    token in `X-CSRF-Token`, compared in constant time (otherwise 403 `forbidden`, saying
//!    CSRF).
//!
//! `SameSite=Strict` alone would keep other sites' requests from carrying the cookie in current
//! browsers; these checks hold where it does not (older browsers, a sibling subdomain, which is
//! the same site). Only an accepted request counts as use of the session.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};

use super::cookies;
use super::origin::{self, OpaqueOrigin};
use crate::auth::web_session::{self, Live};
use crate::error::ApiError;
use crate::state::AppState;

/// Where the page sends the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

const CROSS_ORIGIN: &str =
    "the sign-in cookie is accepted only from this server's own pages (Origin and Sec-Fetch-Site)";
const CSRF_MISSING: &str =
    "the CSRF token is missing or wrong: send the session's csrf_token in X-CSRF-Token";
const ENDED: &str = "the session has ended; sign in again";
const NO_SESSION: &str = "not signed in to the web app";

/// The session the request's cookie names, when it has the cookie; errors when the cookie may
/// not be used for this request or names no live session.
pub async fn authenticate(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Option<Live>, ApiError> {
    let Some(token) = cookies::get(headers, cookies::WEB_SESSION) else {
        return Ok(None);
    };
    if !origin::same_origin(headers, state.base_url(), OpaqueOrigin::Refused) {
        tracing::warn!(
            origin = headers
                .get(axum::http::header::ORIGIN)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-"),
            own = %origin::own(state.base_url()),
            "refused the sign-in cookie of a request from another origin \
             (behind a proxy or under another name, set --public-url)"
        );
        return Err(ApiError::Refused(CROSS_ORIGIN));
    }
    let limits = &state.tokens().web_sessions;
    let session = web_session::find(state.pool(), limits, token)
        .await?
        .ok_or(ApiError::Unauthorized(ENDED))?;
    if !method.is_safe() {
        let presented = headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !session.csrf_matches(presented) {
            return Err(ApiError::Refused(CSRF_MISSING));
        }
    }
    web_session::used(state.pool(), limits, &session).await?;
    Ok(Some(session))
}

/// The extractor of the session endpoints: the request's web app session, by its cookie only
/// (a bearer token is not a session); 401 without one.
#[derive(Debug)]
pub struct WebSession(pub Live);

impl FromRequestParts<AppState> for WebSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        authenticate(state, &parts.method, &parts.headers)
            .await?
            .map(Self)
            .ok_or(ApiError::Unauthorized(NO_SESSION))
    }
}
