//! The concatenation extension's final upload: complete partial uploads of the same user,
//! joined in order into the file the final upload names, then removed.

use super::create::Creation;
use super::finish::finish;
use super::target::Target;
use super::write::too_large;
use super::{new_id, Tus, TusError};
use crate::db::time::now_ms;
use crate::db::uploads::{self, NewUploadRow, UploadKind, UploadRow};
use crate::db::users::UserRow;

/// Creates the final upload of `parts` (upload ids, in order) into the file the metadata names.
/// The pieces must be the caller's, partial and complete (the server does not advertise
/// `concatenation-unfinished`). Their bytes are copied into a new staging file (in-kernel where
/// possible), which then becomes the file's bytes like any finished upload.
pub(super) async fn create_final(
    tus: &Tus,
    user: &UserRow,
    creation: &Creation,
    parts: &[String],
    raw_concat: &str,
) -> Result<UploadRow, TusError> {
    // Held until the end: no piece may change or vanish while it is being copied.
    let mut guards = Vec::with_capacity(parts.len() + 1);
    let mut length: i64 = 0;
    for (i, id) in parts.iter().enumerate() {
        if parts[..i].contains(id) {
            return Err(TusError::BadRequest(format!(
                "partial upload {id} is listed twice"
            )));
        }
        guards.push(tus.locks.try_lock(id).await?);
        let part = super::write::load(tus, user, id)
            .await
            .map_err(|e| match e {
                TusError::Api(_) => TusError::BadRequest(format!("partial upload {id} not found")),
                other => other,
            })?;
        if part.kind() != UploadKind::Partial {
            return Err(TusError::BadRequest(format!(
                "upload {id} is not a partial upload"
            )));
        }
        if !part.is_complete() {
            return Err(TusError::BadRequest(format!(
                "partial upload {id} is not complete"
            )));
        }
        length = length.saturating_add(part.upload_offset);
    }
    if creation.length.is_some_and(|l| l != length) {
        return Err(TusError::BadRequest(
            "Upload-Length is not the sum of the partial uploads".into(),
        ));
    }
    if length > tus.max_size {
        return Err(too_large(tus));
    }
    let target = Target::from_metadata(&creation.metadata)?;
    // The pieces' bytes already count against the user; joined, they start counting against
    // the project, which must have room for them.
    let project = target.authorize(tus, user).await?;
    let quota_guard = tus.quota_lock.lock().await;
    let budgets = super::quota::budgets(tus, user.id, Some(project), false).await?;
    let project_budgets: Vec<_> = budgets
        .into_iter()
        .filter(|b| b.scope == super::quota::Scope::Project)
        .collect();
    super::quota::require(&project_budgets, length)?;
    let resolved = target.resolve(tus, user, Some(length)).await?;
    if !resolved.created {
        super::terminate::supersede(tus, user, resolved.file.id).await?;
    }

    let id = new_id();
    let now = now_ms();
    let new = NewUploadRow {
        id: &id,
        user_id: user.id,
        kind: UploadKind::Final,
        file_id: Some(resolved.file.id),
        created_file: resolved.created,
        upload_length: Some(length),
        metadata: &creation.raw_metadata,
        concat_parts: Some(raw_concat),
        expires_at: tus.expires_at(now),
    };
    uploads::insert(tus.pool(), &new, now).await?;
    drop(quota_guard);
    guards.push(tus.locks.try_lock(&id).await?);
    tus.staging.concatenate(&id, parts).await?;
    uploads::advance(tus.pool(), &id, (0, length), tus.expires_at(now)).await?;
    let mut row = super::write::load(tus, user, &id).await?;
    row.upload_offset = length;
    let row = finish(tus, row).await?;
    for part in parts {
        uploads::delete(tus.pool(), part).await?;
        tus.staging.remove(part).await;
    }
    tracing::info!(upload = %id, parts = parts.len(), size = length, "uploads concatenated");
    drop(guards);
    Ok(row)
}
