//! The browser session of the authorization pages: after signing in once, the user goes
//! straight to consent (or back to the app) for a while.

use std::time::Duration;

use crate::auth::secret::{new_token, sha256_hex};
use crate::db::oauth_sessions;
use crate::db::time::{after_ms, now_ms};
use crate::db::users::{self, UserRow};
use crate::db::Pool;
use rushes_api::Id;

/// How long a sign-in on the authorization pages lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(8 * 3600);

/// Starts a session for `user_id`; returns the cookie value (stored only as its hash).
pub async fn start(pool: &Pool, user_id: Id) -> Result<String, sqlx::Error> {
    let token = new_token();
    let now = now_ms();
    oauth_sessions::insert(
        pool,
        &sha256_hex(&token),
        user_id,
        now,
        after_ms(now, SESSION_TTL),
    )
    .await?;
    Ok(token)
}

/// The active user of the live session `token`.
pub async fn user(pool: &Pool, token: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let Some(user_id) = oauth_sessions::user_of(pool, &sha256_hex(token), now_ms()).await? else {
        return Ok(None);
    };
    Ok(users::by_id(pool, user_id).await?.filter(|u| u.active))
}
