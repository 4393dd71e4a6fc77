//! Folders: creating, listing and reading them inside a project.

use rushes_api::folders::{Folder, FolderUpdate, NewFolder};
use rushes_api::Id;

use crate::access::{ProjectAccess, Role};
use crate::db::folders::{self, ChildQuery, FolderRow};
use crate::db::listing::Listing;
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{files, is_unique_violation, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::media::MediaState;
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

/// Renames a folder and/or moves it (an editor's job on the folder and on its new parent). A
/// folder cannot move into itself or below itself.
pub async fn update(
    pool: &Pool,
    caller: &UserRow,
    (project_id, id): (Id, Id),
    update: &FolderUpdate,
) -> Result<Folder, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    let folder = access.folder(pool, id).await?;
    folder.require(Role::Editor)?;
    let mut problems = Problems::default();
    if let Some(name) = &update.name {
        problems.check("name", validate::name(name));
    }
    problems.finish()?;
    let parent = match update.parent_id {
        None => folder.folder.parent_id,
        Some(new_parent) => new_parent,
    };
    if parent != folder.folder.parent_id {
        match parent {
            None => access.require(Role::Editor)?,
            Some(p) => {
                access.folder(pool, p).await?.require(Role::Editor)?;
                let above = folders::ancestry(pool, project_id, p).await?;
                if above.iter().any(|link| link.id == id) {
                    let mut problems = Problems::default();
                    problems.check(
                        "parent_id",
                        Err("can't be the folder itself or a folder inside it"),
                    );
                    problems.finish()?;
                }
            }
        }
    }
    let name = update.name.as_deref().unwrap_or(&folder.folder.name);
    if let Some(p) = parent {
        if files::name_exists(pool, p, name).await? {
            return Err(ApiError::NameTaken);
        }
    }
    match folders::update_place(pool, id, parent, name, now_ms()).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => return Err(ApiError::NameTaken),
        Err(e) => return Err(e.into()),
    }
    let row = folders::by_id(pool, project_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(row.to_api())
}

/// Deletes a folder with everything below it, then the stored bytes of its files. Downloads in
/// progress finish (open files outlive their names); new requests get 404.
pub async fn delete(
    pool: &Pool,
    media: &MediaState,
    caller: &UserRow,
    (project_id, id): (Id, Id),
) -> Result<(), ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    access.folder(pool, id).await?.require(Role::Editor)?;
    let mut tx = crate::db::begin_write(pool).await?;
    let keys = files::storage_keys_under(&mut *tx, id).await?;
    folders::delete(&mut *tx, id).await?;
    tx.commit().await?;
    media.store.remove(keys).await;
    Ok(())
}
