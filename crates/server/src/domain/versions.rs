//! Versions of a file entry: adding one (its bytes then arrive by upload), listing them, and
//! deleting one. Who may do what is the file's: editors add and delete, viewers list.
//!
//! The head is the version listings show: the first version from its creation, and from then
//! on the newest version whose bytes are complete. A version being uploaded is never the head,
//! so nothing half-written replaces what people see; it becomes the head in the transaction
//! that makes its bytes visible (`tus::finish`).

use rushes_api::files::File;
use rushes_api::versions::NewVersion;
use rushes_api::Id;

use crate::access::Role;
use crate::config::MAX_FILE_SIZE;
use crate::db::files::{self, Viewer};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::versions::{self, NewVersionRow};
use crate::db::Pool;
use crate::domain::files::{access, one_to_api};
use crate::error::{ApiError, Problems};
use crate::media::MediaState;
use crate::validate;

/// Adds a pending version to the entry file `ids` belongs to: numbered one above the highest,
/// named as the entry. An upload with `file_id` of the answer (and `expect_pending`) fills it.
pub async fn create(
    pool: &Pool,
    caller: &UserRow,
    ids: (Id, Id, Id),
    new: &NewVersion,
) -> Result<File, ApiError> {
    let entry = access(pool, caller, ids, Role::Editor).await?.file;
    let mut problems = Problems::default();
    problems.check(
        "size",
        match new.size {
            Some(s) if !(0..=MAX_FILE_SIZE).contains(&s) => {
                Err("must be between 0 and 1125899906842624")
            }
            _ => Ok(()),
        },
    );
    if let Some(t) = &new.content_type {
        problems.check("content_type", validate::content_type(t));
    }
    problems.finish()?;
    let content_type = new
        .content_type
        .clone()
        .unwrap_or_else(|| entry.content_type.clone());
    let row = NewVersionRow {
        content_type: &content_type,
        size: new.size,
        created_by: caller.id,
    };
    let made = match versions::insert(pool, &entry, &row, now_ms()).await {
        Ok(made) => made,
        // The entry went away meanwhile.
        Err(sqlx::Error::RowNotFound) => return Err(ApiError::NotFound),
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(ApiError::Conflict(
                "another version of this file is being added; try again".into(),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(
        file = made.id,
        stack = made.stack_id,
        version = made.version,
        "version added"
    );
    one_to_api(pool, made, Viewer::Member(caller.id)).await
}

/// Every version of the entry file `ids` belongs to (any version's id), newest first, pending
/// ones included.
pub async fn list(pool: &Pool, caller: &UserRow, ids: (Id, Id, Id)) -> Result<Vec<File>, ApiError> {
    let file = access(pool, caller, ids, Role::Viewer).await?.file;
    let rows = versions::of_stack(pool, file.stack_id).await?;
    Ok(files::to_api_all(pool, &rows, Viewer::Member(caller.id)).await?)
}

/// Deletes version `ids` alone, with its bytes, renditions and comments. When it was the head,
/// the newest remaining ready version becomes the head. The last version of an entry is not
/// deleted this way (409): deleting the file deletes the entry.
pub async fn delete(
    pool: &Pool,
    media: &MediaState,
    caller: &UserRow,
    ids: (Id, Id, Id),
) -> Result<(), ApiError> {
    let file = access(pool, caller, ids, Role::Editor).await?.file;
    let mut tx = crate::db::begin_write(pool).await?;
    // Read again under the write lock: a finish or another delete may have moved the head.
    let current = files::by_id(&mut *tx, file.project_id, file.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let others = versions::other_ready(&mut *tx, current.stack_id, current.id).await?;
    if others == 0 && (current.head || current.is_ready()) {
        return Err(ApiError::Conflict(
            "this is the file's only version; delete the file instead".into(),
        ));
    }
    let mut keys = files::storage_keys_of(&mut *tx, current.id).await?;
    keys.extend(current.storage_key.clone());
    // Review links made on this version go on covering the entry: they move to the head (the
    // next one, when this was it).
    let stack = versions::of_stack(&mut *tx, current.stack_id).await?;
    let heir = if current.head {
        stack.iter().find(|v| v.id != current.id && v.is_ready())
    } else {
        stack.iter().find(|v| v.head)
    };
    if let Some(heir) = heir {
        versions::move_links(&mut *tx, current.id, heir.id).await?;
    }
    files::delete(&mut *tx, current.id).await?;
    versions::settle_head(&mut tx, current.stack_id).await?;
    tx.commit().await?;
    media.store.remove(keys).await;
    tracing::info!(
        file = current.id,
        stack = current.stack_id,
        version = current.version,
        "version deleted"
    );
    Ok(())
}
