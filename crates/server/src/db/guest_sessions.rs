//! The `guest_sessions` table: guests of review links in a browser.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// A live session as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GuestSessionRow {
    pub id: Id,
    pub link_id: Id,
    pub guest_name: String,
    pub csrf_token: String,
    pub last_seen_at: i64,
}

/// What a new session is made of.
pub struct NewGuestSession<'a> {
    /// SHA-256 of the cookie's token.
    pub token_hash: &'a str,
    pub link_id: Id,
    pub guest_name: &'a str,
    pub csrf_token: &'a str,
    pub now: i64,
    /// The absolute end, however busy the session is.
    pub expires_at: i64,
}

/// Stores a new session.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &NewGuestSession<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO guest_sessions \
         (token_hash, link_id, guest_name, csrf_token, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(new.token_hash)
    .bind(new.link_id)
    .bind(new.guest_name)
    .bind(new.csrf_token)
    .bind(new.now)
    .bind(new.expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// The session with this token hash, unless it is past its absolute end (`now`) or was last
/// seen before `idle_since`. Whether its link still works is the caller's to check.
pub async fn live<'c>(
    ex: impl Executor<'c, Database = Db>,
    token_hash: &str,
    now: i64,
    idle_since: i64,
) -> Result<Option<GuestSessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, link_id, guest_name, csrf_token, last_seen_at FROM guest_sessions \
         WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(idle_since)
    .fetch_optional(ex)
    .await
}

/// Ends every session of link `link_id` (revoked, or given another password).
pub async fn delete_for_link<'c>(
    ex: impl Executor<'c, Database = Db>,
    link_id: Id,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM guest_sessions WHERE link_id = $1")
        .bind(link_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
