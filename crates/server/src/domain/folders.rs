//! Folders: creating, listing and reading them inside a project.

use rushes_api::folders::{Folder, NewFolder};
use rushes_api::Id;

use crate::access::{ProjectAccess, Role};
use crate::db::folders::{self, ChildQuery, FolderRow};
use crate::db::listing::Listing;
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{files, is_unique_violation, Pool};
use crate::http::{ApiError, Problems, Window};
use crate::validate;

/// Creating folders is an editor's job (viewers and commenters only look and talk).
const CREATE_ROLE: Role = Role::Editor;

/// Creates a folder in project `project_id`, inside `new.parent_id` or at the top.
pub async fn create(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    new: &NewFolder,
) -> Result<Folder, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    match new.parent_id {
        None => access.require(CREATE_ROLE)?,
        Some(parent) => access.folder(pool, parent).await?.require(CREATE_ROLE)?,
    }
    let mut problems = Problems::default();
    problems.check("name", validate::name(&new.name));
    problems.finish()?;
    if let Some(parent) = new.parent_id {
        if files::name_exists(pool, parent, &new.name).await? {
            return Err(ApiError::NameTaken);
        }
    }
    match folders::insert(pool, project_id, new.parent_id, &new.name, now_ms()).await {
        Ok(folder) => Ok(folder.to_api()),
        Err(e) if is_unique_violation(&e) => Err(ApiError::NameTaken),
        Err(e) => Err(e.into()),
    }
}

/// One page of the folders directly inside `parent` (the top of the project when `None`) that
/// the caller may see, and the total.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    parent: Option<Id>,
    listing: &Listing,
    window: Window,
) -> Result<(Vec<Folder>, i64), ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    let only = access.visible_children(pool, parent).await?;
    let query = ChildQuery {
        project_id,
        parent,
        listing,
        only: only.as_deref(),
    };
    let rows = folders::list_children(pool, query, window.limit, window.offset).await?;
    let total = folders::count_children(pool, query).await?;
    Ok((rows.iter().map(FolderRow::to_api).collect(), total))
}

/// One folder of the project.
pub async fn get(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    id: Id,
) -> Result<Folder, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    Ok(access.folder(pool, id).await?.folder.to_api())
}
