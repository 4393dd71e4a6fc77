//! Writing and reading grants: `project_members` (a role on a whole project) and
//! `folder_members` (a role on a folder and everything below it).
//!
//! Roles are written with an upsert, so giving someone a role they already have a different one
//! of replaces it; reads skip roles this server does not know (fail closed).

use rushes_api::members::UserGrant;
use rushes_api::roles::Role;
use rushes_api::Id;
use sqlx::Executor;

use super::{Db, Flag};

/// A grant with the person it is for, as member lists need it.
#[derive(Debug, Clone)]
pub struct GrantRow {
    pub user_id: Id,
    pub user_name: String,
    pub user_email: String,
    /// `None` for the project role.
    pub folder_id: Option<Id>,
    pub folder_name: Option<String>,
    pub role: Role,
}

type RawGrant = (Id, String, String, Option<Id>, Option<String>, String);

fn parse(rows: Vec<RawGrant>) -> Vec<GrantRow> {
    rows.into_iter()
        .filter_map(
            |(user_id, user_name, user_email, folder_id, folder_name, role)| {
                Role::parse(&role).map(|role| GrantRow {
                    user_id,
                    user_name,
                    user_email,
                    folder_id,
                    folder_name,
                    role,
                })
            },
        )
        .collect()
}

/// Gives `user_id` `role` on the whole project, replacing the role they had there.
pub async fn set_project_role<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    user_id: Id,
    role: Role,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO project_members (project_id, user_id, role, created_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(project_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(now)
    .execute(ex)
    .await
    .map(drop)
}

/// Takes away the project role of `user_id`; whether there was one.
pub async fn remove_project_role<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    user_id: Id,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM project_members WHERE project_id = $1 AND user_id = $2")
        .bind(project_id)
        .bind(user_id)
        .execute(ex)
        .await
        .map(|r| r.rows_affected() > 0)
}

/// Gives `user_id` `role` on folder `folder_id` of `project_id`, replacing their grant there.
pub async fn set_folder_role<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    folder_id: Id,
    user_id: Id,
    role: Role,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO folder_members (folder_id, user_id, project_id, role, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (folder_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(folder_id)
    .bind(user_id)
    .bind(project_id)
    .bind(role.as_str())
    .bind(now)
    .execute(ex)
    .await
    .map(drop)
}

/// Takes away the grant of `user_id` on `folder_id`; whether there was one.
pub async fn remove_folder_role<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
    user_id: Id,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM folder_members WHERE folder_id = $1 AND user_id = $2")
        .bind(folder_id)
        .bind(user_id)
        .execute(ex)
        .await
        .map(|r| r.rows_affected() > 0)
}

/// How many people have the manager role on the whole project.
pub async fn count_managers<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM project_members WHERE project_id = $1 AND role = 'manager'",
    )
    .bind(project_id)
    .fetch_one(ex)
    .await
}

/// Whether users `a` and `b` both have a role somewhere in one project (a project role or a
/// folder grant, in any combination).
pub async fn share_a_project<'c>(
    ex: impl Executor<'c, Database = Db>,
    a: Id,
    b: Id,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, Flag>(
        "WITH mine AS (SELECT project_id FROM project_members WHERE user_id = $1 \
                       UNION SELECT project_id FROM folder_members WHERE user_id = $1), \
              theirs AS (SELECT project_id FROM project_members WHERE user_id = $2 \
                         UNION SELECT project_id FROM folder_members WHERE user_id = $2) \
         SELECT EXISTS (SELECT 1 FROM mine JOIN theirs USING (project_id))",
    )
    .bind(a)
    .bind(b)
    .fetch_one(ex)
    .await
    .map(Flag::get)
}

/// Whether `user_id` has any role anywhere.
pub async fn has_any<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, Flag>(
        "SELECT EXISTS (SELECT 1 FROM project_members WHERE user_id = $1) \
             OR EXISTS (SELECT 1 FROM folder_members WHERE user_id = $1)",
    )
    .bind(user_id)
    .fetch_one(ex)
    .await
    .map(Flag::get)
}

/// Every grant in a project, project roles first, then by person and folder name.
pub async fn in_project<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
) -> Result<Vec<GrantRow>, sqlx::Error> {
    let rows: Vec<RawGrant> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, NULL, NULL, m.role FROM project_members m \
           JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 \
         UNION ALL \
         SELECT u.id, u.name, u.email, f.id, f.name, g.role FROM folder_members g \
           JOIN users u ON u.id = g.user_id JOIN folders f ON f.id = g.folder_id \
           WHERE g.project_id = $1",
    )
    .bind(project_id)
    .fetch_all(ex)
    .await?;
    Ok(parse(rows))
}

/// Every grant of `user_id`, by project then folder (project roles first).
pub async fn of_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<Vec<UserGrant>, sqlx::Error> {
    let rows: Vec<(Id, Option<Id>, String)> = sqlx::query_as(
        "SELECT project_id, NULL, role FROM project_members WHERE user_id = $1 \
         UNION ALL \
         SELECT project_id, folder_id, role FROM folder_members WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await?;
    let mut grants: Vec<UserGrant> = rows
        .into_iter()
        .filter_map(|(project_id, folder_id, role)| {
            Role::parse(&role).map(|role| UserGrant {
                project_id,
                folder_id,
                role,
            })
        })
        .collect();
    grants.sort();
    Ok(grants)
}

/// Takes away every role of `user_id`.
pub async fn remove_all(
    conn: &mut <Db as sqlx::Database>::Connection,
    user_id: Id,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM project_members WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM folder_members WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A role granted on one folder.
#[derive(Debug, Clone, Copy)]
pub struct Grant {
    pub folder_id: Id,
    pub role: Role,
}

/// The role `user_id` has on a project, if any. An unknown role in the table (written by a
/// newer server) counts as none, which fails closed.
pub async fn project_role_of<'c>(
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
