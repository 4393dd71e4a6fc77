//! The `projects` table.

use rushes_api::projects::Project;
use rushes_api::Id;
use sqlx::Executor;

use super::time::to_timestamp;
use super::Db;

/// A project as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRow {
    pub id: Id,
    pub name: String,
    pub description: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ProjectRow {
    /// The project as the API shows it.
    pub fn to_api(&self) -> Project {
        Project {
            id: self.id,
            name: self.name.clone(),
            description: self.description.clone(),
            created_at: to_timestamp(self.created_at),
            updated_at: to_timestamp(self.updated_at),
        }
    }
}

const COLUMNS: &str = "p.id, p.name, p.description, p.created_at, p.updated_at";

/// Inserts a project. A taken name is a unique violation.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    name: &str,
    description: &str,
    created_by: Id,
    now: i64,
) -> Result<ProjectRow, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO projects (name, description, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) \
         RETURNING id, name, description, created_at, updated_at",
    )
    .bind(name)
    .bind(description)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

/// The project with this id.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Option<ProjectRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM projects p WHERE p.id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
}

/// One page of every project, by name then id (for server admins).
pub async fn list_all<'c>(
    ex: impl Executor<'c, Database = Db>,
    limit: i64,
    offset: i64,
) -> Result<Vec<ProjectRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM projects p ORDER BY p.name, p.id LIMIT $1 OFFSET $2");
    sqlx::query_as(&sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many projects exist.
pub async fn count_all<'c>(ex: impl Executor<'c, Database = Db>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM projects")
        .fetch_one(ex)
        .await
}

/// One page of the projects `user_id` is a member of, by name then id.
pub async fn list_for_member<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    limit: i64,
    offset: i64,
) -> Result<Vec<ProjectRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM projects p \
         JOIN project_members m ON m.project_id = p.id \
         WHERE m.user_id = $1 ORDER BY p.name, p.id LIMIT $2 OFFSET $3"
    );
    sqlx::query_as(&sql)
        .bind(user_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many projects `user_id` is a member of.
pub async fn count_for_member<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM project_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(ex)
        .await
}
