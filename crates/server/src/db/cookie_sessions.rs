//! What the `web_sessions` and `guest_sessions` tables share: recording use, ending one session,
//! and forgetting those that can no longer be used. Each table's own columns (a user, a link)
//! stay in its module.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// Which sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// The web app's sign-in sessions.
    Web,
    /// Review-link guests' sessions.
    Guest,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Self::Web => "web_sessions",
            Self::Guest => "guest_sessions",
        }
    }
}

/// Records that session `id` was used at `now` (the idle time starts again).
pub async fn touch<'c>(
    ex: impl Executor<'c, Database = Db>,
    table: Table,
    id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE {} SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $1",
        table.name()
    );
    sqlx::query(&sql)
        .bind(now)
        .bind(id)
        .execute(ex)
        .await
        .map(drop)
}

/// Ends the session with this token hash; whether there was one.
pub async fn delete<'c>(
    ex: impl Executor<'c, Database = Db>,
    table: Table,
    token_hash: &str,
) -> Result<bool, sqlx::Error> {
    let sql = format!("DELETE FROM {} WHERE token_hash = $1", table.name());
    let done = sqlx::query(&sql).bind(token_hash).execute(ex).await?;
    Ok(done.rows_affected() > 0)
}

/// Forgets sessions that can no longer be used: past their end, or idle since before
/// `idle_since`.
pub async fn delete_expired<'c>(
    ex: impl Executor<'c, Database = Db>,
    table: Table,
    now: i64,
    idle_since: i64,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "DELETE FROM {} WHERE expires_at <= $1 OR last_seen_at <= $2",
        table.name()
    );
    let done = sqlx::query(&sql)
        .bind(now)
        .bind(idle_since)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
