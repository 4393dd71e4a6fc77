//! The `web_sessions` table: who is signed in to the web app in a browser.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// A live session as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: Id,
    pub user_id: Id,
    pub csrf_token: String,
    pub last_seen_at: i64,
}

/// What a new session is made of.
pub struct NewSession<'a> {
    /// SHA-256 of the cookie's token.
    pub token_hash: &'a str,
    pub user_id: Id,
    pub csrf_token: &'a str,
    pub now: i64,
    /// The absolute end, however busy the session is.
    pub expires_at: i64,
}

/// Stores a new session.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &NewSession<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO web_sessions \
         (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(new.token_hash)
    .bind(new.user_id)
    .bind(new.csrf_token)
    .bind(new.now)
    .bind(new.expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// The session with this token hash, unless it is past its absolute end (`now`) or was last
/// seen before `idle_since`.
pub async fn live<'c>(
    ex: impl Executor<'c, Database = Db>,
    token_hash: &str,
    now: i64,
    idle_since: i64,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, csrf_token, last_seen_at FROM web_sessions \
         WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(idle_since)
    .fetch_optional(ex)
    .await
}

/// Ends every session of `user_id` (deactivated, or given a new password).
pub async fn delete_for_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM web_sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
