//! Metadata of files and folders: reading it, replacing the custom pairs (`PUT`) and merging
//! changes into them (`PATCH`, RFC 7396).
//!
//! Reading needs the viewer role, writing the editor role, on the folder itself or on the folder
//! that holds the file. A write runs in one transaction and every check happens before it
//! commits, so a refused request changes nothing.

pub mod rules;
mod technical;

use std::collections::BTreeMap;

use rushes_api::metadata::Metadata;
use rushes_api::Id;
use serde_json::{Map, Value};

use crate::access::{ProjectAccess, Role};
use crate::db::files::FileRow;
use crate::db::metadata::{self, Owner};
use crate::db::users::UserRow;
use crate::db::{technical as media, Db, Pool};
use crate::error::ApiError;

/// Anyone who may see a file or folder may see its metadata.
const READ_ROLE: Role = Role::Viewer;
/// Metadata is part of organising material, which is an editor's job.
const WRITE_ROLE: Role = Role::Editor;

/// Whose metadata a request is about, as the URL names it.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// `.../folders/{folder_id}/files/{id}/metadata`.
    File { folder_id: Id, id: Id },
    /// `.../folders/{id}/metadata`.
    Folder(Id),
}

/// The owner of the pairs after the access checks, and the file record for the technical block.
struct Resolved {
    owner: Owner,
    file: Option<FileRow>,
}

/// Checks that the caller has at least `min` on `target` in project `project_id`.
async fn resolve(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    target: Target,
    min: Role,
) -> Result<Resolved, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    match target {
        Target::File { folder_id, id } => {
            let file = access.file(pool, folder_id, id).await?;
            file.require(min)?;
            Ok(Resolved {
                owner: Owner::File(file.file.id),
                file: Some(file.file),
            })
        }
        Target::Folder(id) => {
            access.folder(pool, id).await?.require(min)?;
            Ok(Resolved {
                owner: Owner::Folder(id),
                file: None,
            })
        }
    }
}

/// The metadata of `target`.
pub async fn get(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    target: Target,
) -> Result<Metadata, ApiError> {
    let resolved = resolve(pool, caller, project_id, target, READ_ROLE).await?;
    let custom = custom(pool, resolved.owner).await?;
    with_technical(pool, &resolved, custom).await
}

/// The metadata of a file whose visibility the caller's own rules already checked (a guest of
/// a review link, kept inside the link by `domain::guest`): read-only, as for a viewer.
pub async fn of_visible_file(pool: &Pool, file: FileRow) -> Result<Metadata, ApiError> {
    let resolved = Resolved {
        owner: Owner::File(file.id),
        file: Some(file),
    };
    let custom = custom(pool, resolved.owner).await?;
    with_technical(pool, &resolved, custom).await
}

/// Replaces every custom pair of `target` with `body` (a JSON object of strings).
pub async fn replace(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    target: Target,
    body: &Map<String, Value>,
) -> Result<Metadata, ApiError> {
    let resolved = resolve(pool, caller, project_id, target, WRITE_ROLE).await?;
    let pairs = rules::replacement(body)?;
    let mut tx = crate::db::begin_write(pool).await?;
    metadata::clear(&mut *tx, resolved.owner).await?;
    for (key, value) in &pairs {
        metadata::set(&mut *tx, resolved.owner, key, value).await?;
    }
    let custom = custom(&mut *tx, resolved.owner).await?;
    tx.commit().await?;
    tracing::debug!(owner = ?resolved.owner, keys = custom.len(), "metadata replaced");
    with_technical(pool, &resolved, custom).await
}

/// Merges `body` (a JSON Merge Patch: strings set keys, `null` removes them) into the custom
/// pairs of `target`.
pub async fn merge(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    target: Target,
    body: &Map<String, Value>,
) -> Result<Metadata, ApiError> {
    let resolved = resolve(pool, caller, project_id, target, WRITE_ROLE).await?;
    let changes = rules::merge_patch(body)?;
    let mut tx = crate::db::begin_write(pool).await?;
    for (key, change) in &changes {
        match change {
            Some(value) => metadata::set(&mut *tx, resolved.owner, key, value).await?,
            None => metadata::remove(&mut *tx, resolved.owner, key).await?,
        }
    }
    // Counted after the change, inside the transaction: a refusal drops it uncommitted.
    let custom = custom(&mut *tx, resolved.owner).await?;
    rules::count(custom.len())?;
    tx.commit().await?;
    tracing::debug!(owner = ?resolved.owner, keys = custom.len(), "metadata merged");
    with_technical(pool, &resolved, custom).await
}

/// The custom pairs of `owner`.
async fn custom<'c>(
    ex: impl sqlx::Executor<'c, Database = Db>,
    owner: Owner,
) -> Result<BTreeMap<String, String>, ApiError> {
    Ok(metadata::all(ex, owner).await?.into_iter().collect())
}

/// `custom` with the technical block of a file (folders have none).
async fn with_technical(
    pool: &Pool,
    resolved: &Resolved,
    custom: BTreeMap<String, String>,
) -> Result<Metadata, ApiError> {
    let technical = match &resolved.file {
        Some(file) => Some(technical::technical(
            file,
            media::by_file(pool, file.id).await?,
        )),
        None => None,
    };
    Ok(Metadata { custom, technical })
}
