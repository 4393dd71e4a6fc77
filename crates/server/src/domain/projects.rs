//! Projects: creating, listing and reading them.

use rushes_api::projects::{NewProject, Project};
use rushes_api::Id;

use crate::access::{ProjectAccess, Role};
use crate::db::projects::ProjectRow;
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{is_unique_violation, members, projects, Pool};
use crate::http::{ApiError, Problems, Window};
use crate::validate;

/// Creates a project; its creator becomes its manager. Any signed-in user may create one.
pub async fn create(pool: &Pool, caller: &UserRow, new: &NewProject) -> Result<Project, ApiError> {
    let mut problems = Problems::default();
    problems.check("name", validate::name(&new.name));
    problems.check("description", validate::description(&new.description));
    problems.finish()?;

    let now = now_ms();
    let mut tx = pool.begin().await?;
    let project =
        match projects::insert(&mut *tx, &new.name, &new.description, caller.id, now).await {
            Ok(p) => p,
            Err(e) if is_unique_violation(&e) => return Err(ApiError::NameTaken),
            Err(e) => return Err(e.into()),
        };
    members::add(&mut *tx, project.id, caller.id, Role::Manager, now).await?;
    tx.commit().await?;
    Ok(project.to_api())
}

/// One page of the projects the caller is a member of (every project for an admin), and the
/// total.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    window: Window,
) -> Result<(Vec<Project>, i64), ApiError> {
    let (rows, total) = if caller.is_admin {
        (
            projects::list_all(pool, window.limit, window.offset).await?,
            projects::count_all(pool).await?,
        )
    } else {
        (
            projects::list_for_member(pool, caller.id, window.limit, window.offset).await?,
            projects::count_for_member(pool, caller.id).await?,
        )
    };
    Ok((rows.iter().map(ProjectRow::to_api).collect(), total))
}

/// One project the caller may see.
pub async fn get(pool: &Pool, caller: &UserRow, id: Id) -> Result<Project, ApiError> {
    let access = ProjectAccess::load(pool, caller, id).await?;
    Ok(access.project.to_api())
}
