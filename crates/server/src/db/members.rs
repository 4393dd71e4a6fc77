//! The `project_members` table: who has which role on a project.

use rushes_api::roles::Role;
use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// A role granted on one folder.
#[derive(Debug, Clone, Copy)]
pub struct Grant {
    pub folder_id: Id,
    pub role: Role,
}

/// Gives `user_id` a role on a project.
pub async fn add<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    user_id: Id,
    role: Role,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO project_members (project_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(project_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(now)
    .execute(ex)
    .await
    .map(drop)
}

/// The role `user_id` has on a project, if any. An unknown role in the table (written by a
/// newer server) counts as none, which fails closed.
pub async fn role_of<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    user_id: Id,
) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2",
    )
    .bind(project_id)
    .bind(user_id)
    .fetch_optional(ex)
    .await?;
    Ok(role.as_deref().and_then(Role::parse))
}

/// Every folder grant `user_id` has in a project. Unknown roles are skipped (fail closed).
pub async fn folder_grants<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    user_id: Id,
) -> Result<Vec<Grant>, sqlx::Error> {
    let rows: Vec<(Id, String)> = sqlx::query_as(
        "SELECT folder_id, role FROM folder_members WHERE project_id = $1 AND user_id = $2",
    )
    .bind(project_id)
    .bind(user_id)
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(folder_id, role)| Role::parse(&role).map(|role| Grant { folder_id, role }))
        .collect())
}
