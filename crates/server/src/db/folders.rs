//! The `folders` table: folders nest inside a project through `parent_id`.

use rushes_api::folders::Folder;
use rushes_api::Id;
use sqlx::Executor;

use super::time::to_timestamp;
use super::Db;

/// A folder as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FolderRow {
    pub id: Id,
    pub project_id: Id,
    pub parent_id: Option<Id>,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl FolderRow {
    /// The folder as the API shows it.
    pub fn to_api(&self) -> Folder {
        Folder {
            id: self.id,
            project_id: self.project_id,
            parent_id: self.parent_id,
            name: self.name.clone(),
            created_at: to_timestamp(self.created_at),
            updated_at: to_timestamp(self.updated_at),
        }
    }
}

const COLUMNS: &str = "id, project_id, parent_id, name, created_at, updated_at";

/// The value `COALESCE(parent_id, 0)` has for folders at the top of a project. Written the same
/// way as the unique index, so listing uses that index on SQLite and PostgreSQL.
fn parent_key(parent: Option<Id>) -> Id {
    parent.unwrap_or(0)
}

/// Inserts a folder. A name taken among its siblings is a unique violation.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    parent_id: Option<Id>,
    name: &str,
    now: i64,
) -> Result<FolderRow, sqlx::Error> {
    let sql = format!(
        "INSERT INTO folders (project_id, parent_id, name, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING {COLUMNS}"
    );
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(parent_id)
        .bind(name)
        .bind(now)
        .fetch_one(ex)
        .await
}

/// The folder `id` if it belongs to `project_id`; a folder of another project is not found.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    id: Id,
) -> Result<Option<FolderRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM folders WHERE project_id = $1 AND id = $2");
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// One page of the folders directly inside `parent` (the top of the project when `None`), by
/// name then id.
pub async fn list_children<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    parent: Option<Id>,
    limit: i64,
    offset: i64,
) -> Result<Vec<FolderRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM folders \
         WHERE project_id = $1 AND COALESCE(parent_id, 0) = $2 \
         ORDER BY name, id LIMIT $3 OFFSET $4"
    );
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(parent_key(parent))
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many folders are directly inside `parent`.
pub async fn count_children<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    parent: Option<Id>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM folders WHERE project_id = $1 AND COALESCE(parent_id, 0) = $2",
    )
    .bind(project_id)
    .bind(parent_key(parent))
    .fetch_one(ex)
    .await
}
