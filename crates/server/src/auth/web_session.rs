//! Sign-in sessions of the web app: the backend-for-frontend model, where the browser's page
//! never holds a token. Signing in on the server's own page starts a session whose token lives
//! only in an `HttpOnly` cookie (script cannot read it, so an injected script cannot carry it
//! off); the page gets the session's CSRF token instead, which proves a request comes from it.
//!
//! A session is 256 random bits stored as SHA-256, like every token here. It ends after
//! [`WebSessionLimits::idle`] without a request, [`WebSessionLimits::max_age`] after signing
//! in, at sign-out, and when its user is deactivated or given a new password (those end them in
//! `db::activation` and `db::user_admin`, in the same transaction as the change).
//!
//! Reading the cookie, checking where a request comes from and comparing the CSRF header is the
//! web layer's (`http::web_session`); this module is the sessions themselves.

use rushes_api::Id;

use super::cookie_session::{csrf_matches, idle_since, touch_due};
use super::secret::{new_token, sha256_hex};
use crate::config::WebSessionLimits;
use crate::db::cookie_sessions::{self, Table};
use crate::db::time::{after_ms, now_ms};
use crate::db::users::{self, UserRow};
use crate::db::web_sessions::{self, NewSession};
use crate::db::Pool;
use crate::random::random_string;

/// A live session and its active user.
pub struct Live {
    pub id: Id,
    pub user: UserRow,
    csrf_token: String,
    last_seen_at: i64,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("id", &self.id)
            .field("user", &self.user.id)
            .finish_non_exhaustive()
    }
}

impl Live {
    /// The session's CSRF token, for the page that asks who is signed in.
    pub fn csrf_token(&self) -> &str {
        &self.csrf_token
    }

    /// Whether `presented` is this session's CSRF token, compared in constant time.
    pub fn csrf_matches(&self, presented: &str) -> bool {
        csrf_matches(&self.csrf_token, presented)
    }
}

/// Starts a session for `user_id` (whose password was just checked) and returns its token, the
/// cookie's value; forgets the sessions that can no longer be used. The page gets the CSRF
/// token later, from `GET /api/session`.
pub async fn start(
    pool: &Pool,
    limits: &WebSessionLimits,
    user_id: Id,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let csrf_token = random_string(32);
    let now = now_ms();
    cookie_sessions::delete_expired(pool, Table::Web, now, idle_since(limits, now)).await?;
    web_sessions::insert(
        pool,
        &NewSession {
            token_hash: &sha256_hex(&token),
            user_id,
            csrf_token: &csrf_token,
            now,
            expires_at: after_ms(now, limits.max_age),
        },
    )
    .await?;
    Ok(token)
}

/// The live session of cookie value `token` and its user, when the user is active. Does not
/// count as use: call [`used`] once the request is accepted.
pub async fn find(
    pool: &Pool,
    limits: &WebSessionLimits,
    token: &str,
) -> Result<Option<Live>, sqlx::Error> {
    let now = now_ms();
    let row = web_sessions::live(pool, &sha256_hex(token), now, idle_since(limits, now)).await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let user = users::by_id(pool, row.user_id).await?.filter(|u| u.active);
    Ok(user.map(|user| Live {
        id: row.id,
        user,
        csrf_token: row.csrf_token,
        last_seen_at: row.last_seen_at,
    }))
}

/// Records that `session` served a request, so its idle time starts again; written at most
/// once a minute per session.
pub async fn used(
    pool: &Pool,
    limits: &WebSessionLimits,
    session: &Live,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    if !touch_due(limits, session.last_seen_at, now) {
        return Ok(());
    }
    cookie_sessions::touch(pool, Table::Web, session.id, now).await
}

/// Ends the session of cookie value `token`; whether there was one.
pub async fn end(pool: &Pool, token: &str) -> Result<bool, sqlx::Error> {
    cookie_sessions::delete(pool, Table::Web, &sha256_hex(token)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(csrf: &str) -> Live {
        Live {
            id: 1,
            user: UserRow {
                id: 1,
                email: "a@x".into(),
                name: "A".into(),
                is_admin: false,
                active: true,
                created_at: 0,
            },
            csrf_token: csrf.into(),
            last_seen_at: 0,
        }
    }

    #[test]
    fn the_csrf_token_must_be_presented_exactly() {
        let session = live("abc");
        assert!(session.csrf_matches("abc"));
        assert!(!session.csrf_matches("abd"));
        assert!(!session.csrf_matches("ab"));
        assert!(!session.csrf_matches(""));
    }

    #[test]
    fn debug_never_shows_the_secrets() {
        let shown = format!("{:?}", live("secret-csrf"));
        assert!(!shown.contains("secret-csrf"), "{shown}");
    }
}
