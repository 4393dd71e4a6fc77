//! Projects: creating, listing, reading, changing and deleting them.

use rushes_api::projects::{NewProject, Project, ProjectUpdate};
use rushes_api::Id;

use crate::access::{ProjectAccess, Role};
use crate::db::listing::Listing;
use crate::db::projects::{ProjectQuery, ProjectRow};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{files, grants, is_unique_violation, projects, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::media::MediaState;
use crate::validate;

/// Creates a project; its creator becomes its manager. Any signed-in user may create one.
pub async fn create(pool: &Pool, caller: &UserRow, new: &NewProject) -> Result<Project, ApiError> {
    let mut problems = Problems::default();
    problems.check("name", validate::name(&new.name));
    problems.check("description", validate::description(&new.description));
    problems.finish()?;

    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    let project =
        match projects::insert(&mut *tx, &new.name, &new.description, caller.id, now).await {
            Ok(p) => p,
            Err(e) if is_unique_violation(&e) => return Err(ApiError::NameTaken),
            Err(e) => return Err(e.into()),
        };
    grants::set_project_role(&mut *tx, project.id, caller.id, Role::Manager, now).await?;
    tx.commit().await?;
    Ok(project.to_api())
}

/// One page of the projects the caller has a role in (every project for an admin), and the
/// total.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    listing: &Listing,
    window: Window,
) -> Result<(Vec<Project>, i64), ApiError> {
    let query = ProjectQuery {
        member: (!caller.is_admin).then_some(caller.id),
        listing,
    };
    let rows = projects::list(pool, query, window.limit, window.offset).await?;
    let total = projects::count(pool, query).await?;
    Ok((rows.iter().map(ProjectRow::to_api).collect(), total))
}

/// One project the caller may see.
pub async fn get(pool: &Pool, caller: &UserRow, id: Id) -> Result<Project, ApiError> {
    let access = ProjectAccess::load(pool, caller, id).await?;
    Ok(access.project.to_api())
}

/// Renames a project or changes its description (its managers).
pub async fn update(
    pool: &Pool,
    caller: &UserRow,
    id: Id,
    update: &ProjectUpdate,
) -> Result<Project, ApiError> {
    let access = ProjectAccess::load(pool, caller, id).await?;
    access.require(Role::Manager)?;
    let mut problems = Problems::default();
    if let Some(name) = &update.name {
        problems.check("name", validate::name(name));
    }
    if let Some(description) = &update.description {
        problems.check("description", validate::description(description));
    }
    problems.finish()?;
    let name = update.name.as_deref().unwrap_or(&access.project.name);
    let description = update
        .description
        .as_deref()
        .unwrap_or(&access.project.description);
    match projects::update(pool, id, name, description, now_ms()).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => return Err(ApiError::NameTaken),
        Err(e) => return Err(e.into()),
    }
    let row = projects::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    Ok(row.to_api())
}

/// Deletes a project with its folders, files, comments and stored bytes (its managers).
pub async fn delete(
    pool: &Pool,
    media: &MediaState,
    caller: &UserRow,
    id: Id,
) -> Result<(), ApiError> {
    let access = ProjectAccess::load(pool, caller, id).await?;
    access.require(Role::Manager)?;
    let mut tx = crate::db::begin_write(pool).await?;
    let keys = files::storage_keys_in_project(&mut *tx, id).await?;
    projects::delete(&mut *tx, id).await?;
    tx.commit().await?;
    media.store.remove(keys).await;
    Ok(())
}
