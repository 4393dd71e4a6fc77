//! The guest cookie on the guest API: the web app session's rules (see `http::web_session`),
//! for a session that names a review link instead of a user.
//!
//! A request carried by the guest cookie must come from this server's own pages (`Origin` and
//! `Sec-Fetch-Site`, else 403), name a live session whose link is live (else 401), and carry
//! the session's CSRF token on unsafe methods (else 403, saying CSRF). Only the guest routes
//! read this cookie; `AuthUser` never does, so a guest is never a user.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::cookies;
use super::origin::{self, OpaqueOrigin};
use super::web_session::CSRF_HEADER;
use crate::auth::guest_session::{self, Guest};
use crate::error::ApiError;
use crate::state::AppState;

const CROSS_ORIGIN: &str =
    "the guest cookie is accepted only from this server's own pages (Origin and Sec-Fetch-Site)";
const CSRF_MISSING: &str =
    "the CSRF token is missing or wrong: send the guest session's csrf_token in X-CSRF-Token";
const NO_SESSION: &str = "no guest session, or it has ended: open the review link again";

/// The extractor of the guest routes: the request's guest session, by its cookie; 401 without
/// one.
#[derive(Debug)]
pub struct GuestAuth(pub Guest);

impl FromRequestParts<AppState> for GuestAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let headers = &parts.headers;
        let Some(token) = cookies::get(headers, cookies::GUEST_SESSION) else {
            return Err(ApiError::Unauthorized(NO_SESSION));
        };
        if !origin::same_origin(headers, state.base_url(), OpaqueOrigin::Refused) {
            return Err(ApiError::Refused(CROSS_ORIGIN));
        }
        let limits = &state.tokens().web_sessions;
        let guest = guest_session::find(state.pool(), limits, token)
            .await?
            .ok_or(ApiError::Unauthorized(NO_SESSION))?;
        if !parts.method.is_safe() {
            let presented = headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !guest.csrf_matches(presented) {
                return Err(ApiError::Refused(CSRF_MISSING));
            }
        }
        guest_session::used(state.pool(), limits, &guest).await?;
        Ok(Self(guest))
    }
}
