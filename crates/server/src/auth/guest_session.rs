//! Sessions of review links' guests in a browser: like the web app's sessions (a 256-bit token
//! in an `HttpOnly` cookie, stored as SHA-256, a CSRF token for the page, idle and absolute
//! ends), but held by someone who has no account. A guest session names a link, never a user,
//! and lives in its own table under its own cookie, so nothing that authenticates users can
//! take it for one.
//!
//! A session is only as good as its link: every lookup loads the link and refuses the session
//! when the link was revoked or has expired, so ending a link ends its guests at once.

use rushes_api::Id;

use super::cookie_session::{csrf_matches, idle_since, touch_due};
use super::secret::{new_token, sha256_hex};
use crate::config::WebSessionLimits;
use crate::db::cookie_sessions::{self, Table};
use crate::db::guest_sessions::{self, NewGuestSession};
use crate::db::review_links::{self, LinkRow};
use crate::db::time::{after_ms, now_ms};
use crate::db::Pool;
use crate::random::random_string;

/// A live guest session and its live link.
pub struct Guest {
    pub id: Id,
    pub link: LinkRow,
    pub name: String,
    csrf_token: String,
    last_seen_at: i64,
}

impl std::fmt::Debug for Guest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guest")
            .field("id", &self.id)
            .field("link", &self.link.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Guest {
    /// The session's CSRF token, for the page.
    pub fn csrf_token(&self) -> &str {
        &self.csrf_token
    }

    /// Whether `presented` is this session's CSRF token, compared in constant time.
    pub fn csrf_matches(&self, presented: &str) -> bool {
        csrf_matches(&self.csrf_token, presented)
    }
}

/// Starts a session for a guest called `name` of `link` (whose password, if any, was just
/// checked); returns the cookie's token and the session's CSRF token. Forgets sessions that can no longer
/// be used. The session ends at the link's expiry at the latest.
pub async fn start(
    pool: &Pool,
    limits: &WebSessionLimits,
    link: &LinkRow,
    name: &str,
) -> Result<(String, String), sqlx::Error> {
    let token = new_token();
    let csrf_token = random_string(32);
    let now = now_ms();
    cookie_sessions::delete_expired(pool, Table::Guest, now, idle_since(limits, now)).await?;
    let mut expires_at = after_ms(now, limits.max_age);
    if let Some(link_end) = link.expires_at {
        expires_at = expires_at.min(link_end);
    }
    guest_sessions::insert(
        pool,
        &NewGuestSession {
            token_hash: &sha256_hex(&token),
            link_id: link.id,
            guest_name: name,
            csrf_token: &csrf_token,
            now,
            expires_at,
        },
    )
    .await?;
    Ok((token, csrf_token))
}

/// The live session of cookie value `token`, when its link is still live. Does not count as
/// use: call [`used`] once the request is accepted.
pub async fn find(
    pool: &Pool,
    limits: &WebSessionLimits,
    token: &str,
) -> Result<Option<Guest>, sqlx::Error> {
    let now = now_ms();
    let row = guest_sessions::live(pool, &sha256_hex(token), now, idle_since(limits, now)).await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let link = review_links::by_id_anywhere(pool, row.link_id)
        .await?
        .filter(|l| l.is_live(now));
    Ok(link.map(|link| Guest {
        id: row.id,
        link,
        name: row.guest_name,
        csrf_token: row.csrf_token,
        last_seen_at: row.last_seen_at,
    }))
}

/// Records that `guest` served a request, so its idle time starts again; written at most once
/// a minute per session.
pub async fn used(
    pool: &Pool,
    limits: &WebSessionLimits,
    guest: &Guest,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    if !touch_due(limits, guest.last_seen_at, now) {
        return Ok(());
    }
    cookie_sessions::touch(pool, Table::Guest, guest.id, now).await
}

/// Ends the session of cookie value `token`.
pub async fn end(pool: &Pool, token: &str) -> Result<(), sqlx::Error> {
    cookie_sessions::delete(pool, Table::Guest, &sha256_hex(token))
        .await
        .map(drop)
}
