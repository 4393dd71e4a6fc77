//! Replacing a stored secret hash made the old way with one made the current way, on the
//! secret's first use after an upgrade (API keys and OAuth app secrets).

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// The tables whose rows keep a `secret_hash`.
#[derive(Debug, Clone, Copy)]
pub enum Hashed {
    ApiKeys,
    OAuthApps,
}

/// Replaces row `id`'s hash with `new` if it is still `old`: the condition keeps a change made
/// meanwhile (a rotated app secret, a concurrent first use).
pub async fn rehash<'c>(
    ex: impl Executor<'c, Database = Db>,
    table: Hashed,
    id: Id,
    old: &str,
    new: &str,
) -> Result<(), sqlx::Error> {
    let sql = match table {
        Hashed::ApiKeys => {
            "UPDATE api_keys SET secret_hash = $1 WHERE id = $2 AND secret_hash = $3"
        }
        Hashed::OAuthApps => {
            "UPDATE oauth_apps SET secret_hash = $1 WHERE id = $2 AND secret_hash = $3"
        }
    };
    sqlx::query(sql)
        .bind(new)
        .bind(id)
        .bind(old)
        .execute(ex)
        .await
        .map(drop)
}
