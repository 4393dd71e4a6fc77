//! The `oauth_codes` table: authorization codes, stored as SHA-256 of the code.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// A code to store.
pub struct NewCode<'a> {
    pub hash: &'a str,
    pub app_id: Id,
    pub user_id: Id,
    pub redirect_uri: &'a str,
    pub code_challenge: Option<&'a str>,
    pub family_id: &'a str,
    pub expires_at: i64,
}

/// A code as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeRow {
    pub app_id: Id,
    pub user_id: Id,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub family_id: String,
    pub expires_at: i64,
}

const COLUMNS: &str =
    "app_id, user_id, redirect_uri, code_challenge, family_id, expires_at, used_at";

/// Stores a code.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    c: &NewCode<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oauth_codes (code_hash, app_id, user_id, redirect_uri, code_challenge, \
         family_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(c.hash)
    .bind(c.app_id)
    .bind(c.user_id)
    .bind(c.redirect_uri)
    .bind(c.code_challenge)
    .bind(c.family_id)
    .bind(now)
    .bind(c.expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// Marks an unused code as used and returns it, in one statement, so two concurrent exchanges
/// of one code cannot both succeed. Expiry is checked by the caller, which must still burn an
/// expired code.
pub async fn claim<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    now: i64,
) -> Result<Option<CodeRow>, sqlx::Error> {
    let sql = format!(
        "UPDATE oauth_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL \
         RETURNING {COLUMNS}"
    );
    sqlx::query_as(&sql)
        .bind(now)
        .bind(hash)
        .fetch_optional(ex)
        .await
}

/// A code whatever its state: one that exists but cannot be claimed was used before.
pub async fn by_hash<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
) -> Result<Option<CodeRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM oauth_codes WHERE code_hash = $1");
    sqlx::query_as(&sql).bind(hash).fetch_optional(ex).await
}

/// Deletes the codes `user_id` has for app `app_id`, when they withdraw its authorization.
pub async fn delete_for<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    app_id: Id,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM oauth_codes WHERE user_id = $1 AND app_id = $2")
        .bind(user_id)
        .bind(app_id)
        .execute(ex)
        .await
        .map(drop)
}
