//! The `file_visits` table: when each member last opened each version, so that what others
//! wrote since shows as new to them.

use std::collections::HashMap;

use rushes_api::Id;
use sqlx::Executor;

use super::{Db, Pool};

/// Records `now` as user `user_id`'s visit of file `file_id` (a later visit replaces it).
pub async fn record<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    file_id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO file_visits (user_id, file_id, seen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, file_id) DO UPDATE SET seen_at = excluded.seen_at \
         WHERE file_visits.seen_at < excluded.seen_at",
    )
    .bind(user_id)
    .bind(file_id)
    .bind(now)
    .execute(ex)
    .await
    .map(drop)
}

/// When user `user_id` last opened file `file_id`, if ever.
pub async fn last<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    file_id: Id,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT seen_at FROM file_visits WHERE user_id = $1 AND file_id = $2")
        .bind(user_id)
        .bind(file_id)
        .fetch_optional(ex)
        .await
}

/// For each of `ids` with any: the comments and replies on it written by someone other than
/// `user_id` after their last visit (all of them before the first).
pub async fn unseen_counts(
    pool: &Pool,
    user_id: Id,
    ids: &[Id],
) -> Result<HashMap<Id, i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (2..=ids.len() + 1).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT c.file_id, COUNT(*) FROM comments c \
         LEFT JOIN file_visits v ON v.file_id = c.file_id AND v.user_id = $1 \
         WHERE c.file_id IN ({}) AND (c.author_id IS NULL OR c.author_id <> $1) \
         AND (v.seen_at IS NULL OR c.created_at > v.seen_at) GROUP BY c.file_id",
        marks.join(", ")
    );
    let mut query = sqlx::query_as::<_, (Id, i64)>(&sql).bind(user_id);
    for id in ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(pool).await?.into_iter().collect())
}
