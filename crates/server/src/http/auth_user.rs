//! `AuthUser`: the extractor a handler names when it needs a signed-in caller.
//!
//! The token is read from `Authorization: Bearer <t>` or from an `access_token: <t>` header
//! (docs/architecture/api.md). Never from the query string: URLs end up in logs, histories and `Referer`s.
//!
//! Without a token, the web app's session cookie is accepted instead, under its rules (same
//! origin, and the session's CSRF token on unsafe methods: see `http::web_session`). A token
//! wins when both are sent: a client that names a token means it, and is not a browser whose
//! cookie came along by itself.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::web_session;
use crate::auth;
use crate::db::users::UserRow;
use crate::error::ApiError;
use crate::state::AppState;

/// The header some API clients (Webgate's) send the token in.
const ACCESS_TOKEN_HEADER: &str = "access_token";

/// The caller, authenticated by a live access token or the web app's session.
#[derive(Debug)]
pub struct AuthUser(pub UserRow);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = presented_token(&parts.headers) else {
            return web_session::authenticate(state, &parts.method, &parts.headers)
                .await?
                .map(|session| Self(session.user))
                .ok_or(ApiError::Unauthorized("an access token is required"));
        };
        auth::authenticate(state.pool(), token)
            .await?
            .map(Self)
            .ok_or(ApiError::Unauthorized(
                "the access token is invalid or expired",
            ))
    }
}

/// The token in `Authorization: Bearer` (scheme case-insensitive, RFC 7235), else in the
/// `access_token` header.
fn presented_token(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    bearer
        .or_else(|| {
            headers
                .get(ACCESS_TOKEN_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        })
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::presented_token;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn bearer_and_access_token_headers_are_read() {
        assert_eq!(
            presented_token(&headers(&[("authorization", "Bearer abc")])),
            Some("abc")
        );
        assert_eq!(
            presented_token(&headers(&[("authorization", "bearer abc")])),
            Some("abc")
        );
        assert_eq!(
            presented_token(&headers(&[("access_token", "abc")])),
            Some("abc")
        );
    }

    #[test]
    fn other_schemes_and_empty_tokens_are_not_tokens() {
        assert_eq!(
            presented_token(&headers(&[("authorization", "Basic abc")])),
            None
        );
        assert_eq!(
            presented_token(&headers(&[("authorization", "Bearer ")])),
            None
        );
        assert_eq!(presented_token(&headers(&[])), None);
        assert_eq!(
            presented_token(&headers(&[
                ("authorization", "Basic x"),
                ("access_token", "t")
            ])),
            Some("t")
        );
    }
}
