//! The `invitations` table: one-time links to choose a password, stored as SHA-256 of the token.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// Stores an invitation for `user_id`.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    hash: &str,
    created_by: Id,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO invitations (user_id, token_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(hash)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// The user a live (unused, unexpired) invitation is for.
pub async fn live_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    now: i64,
) -> Result<Option<Id>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM invitations \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash)
    .bind(now)
    .fetch_optional(ex)
    .await
}

/// Uses a live invitation up, in one statement so two submissions cannot both succeed; returns
/// its user.
pub async fn claim<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    now: i64,
) -> Result<Option<Id>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE invitations SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now)
    .bind(hash)
    .fetch_optional(ex)
    .await
}

/// Ends every other open invitation of `user_id` (once a password is chosen, none is needed).
pub async fn close_all<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invitations SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(ex)
        .await
        .map(drop)
}
