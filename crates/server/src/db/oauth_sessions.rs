//! The `oauth_sessions` table: who is signed in to the authorization pages of a browser.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// Stores a session for `user_id`, keyed by the SHA-256 of its cookie value.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    user_id: Id,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oauth_sessions (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// The user of a live session.
pub async fn user_of<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    now: i64,
) -> Result<Option<Id>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM oauth_sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(hash)
    .bind(now)
    .fetch_optional(ex)
    .await
}
