//! The `file_metadata` and `folder_metadata` tables: custom key -> value pairs.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// Whose pairs: a file's or a folder's. The two tables have the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    File(Id),
    Folder(Id),
}

impl Owner {
    /// Table and owner column; fixed strings, never input, so safe to format into SQL.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Self::File(_) => ("file_metadata", "file_id"),
            Self::Folder(_) => ("folder_metadata", "folder_id"),
        }
    }

    fn id(self) -> Id {
        match self {
            Self::File(id) | Self::Folder(id) => id,
        }
    }
}

/// Every pair of `owner`, sorted by key.
pub async fn all<'c>(
    ex: impl Executor<'c, Database = Db>,
    owner: Owner,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let (table, column) = owner.table();
    let sql = format!("SELECT key, value FROM {table} WHERE {column} = $1 ORDER BY key");
    sqlx::query_as(&sql).bind(owner.id()).fetch_all(ex).await
}

/// Removes every pair of `owner`.
pub async fn clear<'c>(
    ex: impl Executor<'c, Database = Db>,
    owner: Owner,
) -> Result<(), sqlx::Error> {
    let (table, column) = owner.table();
    let sql = format!("DELETE FROM {table} WHERE {column} = $1");
    sqlx::query(&sql)
        .bind(owner.id())
        .execute(ex)
        .await
        .map(drop)
}

/// Sets `key` to `value`, adding the key when it is new.
pub async fn set<'c>(
    ex: impl Executor<'c, Database = Db>,
    owner: Owner,
    key: &str,
    value: &str,
) -> Result<(), sqlx::Error> {
    let (table, column) = owner.table();
    let sql = format!(
        "INSERT INTO {table} ({column}, key, value) VALUES ($1, $2, $3) \
         ON CONFLICT ({column}, key) DO UPDATE SET value = excluded.value"
    );
    sqlx::query(&sql)
        .bind(owner.id())
        .bind(key)
        .bind(value)
        .execute(ex)
        .await
        .map(drop)
}

/// Removes `key`; a key that is not there is not an error (merge patch semantics).
pub async fn remove<'c>(
    ex: impl Executor<'c, Database = Db>,
    owner: Owner,
    key: &str,
) -> Result<(), sqlx::Error> {
    let (table, column) = owner.table();
    let sql = format!("DELETE FROM {table} WHERE {column} = $1 AND key = $2");
    sqlx::query(&sql)
        .bind(owner.id())
        .bind(key)
        .execute(ex)
        .await
        .map(drop)
}
