//! The `api_keys` table. Only an argon2id hash of each key is stored.

use rushes_api::auth::ApiKey;
use rushes_api::Id;
use sqlx::Executor;

use super::time::to_timestamp;
use super::Db;

/// An API key as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl ApiKeyRow {
    /// The key as listed: no secret, no hash.
    pub fn to_api(&self) -> ApiKey {
        ApiKey {
            id: self.id,
            name: self.name.clone(),
            prefix: self.prefix.clone(),
            created_at: to_timestamp(self.created_at),
            last_used_at: self.last_used_at.map(to_timestamp),
        }
    }
}

const COLUMNS: &str = "id, user_id, name, prefix, secret_hash, created_at, last_used_at";

/// Inserts a key. A prefix collision is a unique violation; the caller draws a new key.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    name: &str,
    prefix: &str,
    secret_hash: &str,
    now: i64,
) -> Result<ApiKeyRow, sqlx::Error> {
    let sql = format!(
        "INSERT INTO api_keys (user_id, name, prefix, secret_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
    );
    sqlx::query_as(&sql)
        .bind(user_id)
        .bind(name)
        .bind(prefix)
        .bind(secret_hash)
        .bind(now)
        .fetch_one(ex)
        .await
}

/// The live (not revoked) key with this public prefix.
pub async fn live_by_prefix<'c>(
    ex: impl Executor<'c, Database = Db>,
    prefix: &str,
) -> Result<Option<ApiKeyRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL");
    sqlx::query_as(&sql).bind(prefix).fetch_optional(ex).await
}

/// Records that the key was just exchanged, so people can spot keys nobody uses.
pub async fn touch<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(ex)
        .await
        .map(drop)
}

/// One page of `user_id`'s live keys, newest first.
pub async fn list_for_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    limit: i64,
    offset: i64,
) -> Result<Vec<ApiKeyRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL \
         ORDER BY id DESC LIMIT $2 OFFSET $3"
    );
    sqlx::query_as(&sql)
        .bind(user_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many live keys `user_id` has.
pub async fn count_for_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user_id)
        .fetch_one(ex)
        .await
}

/// Deletes key `id` if `user_id` owns it; its tokens go with it (foreign key cascade). `false`
/// when there was no such key of this user.
pub async fn delete_owned<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    id: Id,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM api_keys WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}
