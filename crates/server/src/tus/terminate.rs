//! Ending uploads: DELETE (termination), a new upload replacing the caller's unfinished one,
//! and expiry all come here.

use rushes_api::Id;

use super::{Tus, TusError};
use crate::db::files;
use crate::db::time::now_ms;
use crate::db::uploads::{self, UploadRow};
use crate::db::users::UserRow;
use crate::error::ApiError;

/// DELETE /uploads/{id}: removes the staging file and the upload. A pending file record the
/// upload itself made (metadata `folder_id` + `filename`) goes too: a cancelled drop leaves no
/// empty entry behind. A record made through the API stays, pending, for another upload; bytes
/// already finished into a file stay.
pub async fn terminate(tus: &Tus, user: &UserRow, id: &str) -> Result<(), TusError> {
    let row = uploads::by_id(tus.pool(), id, user.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let _guard = tus.locks.try_lock(id).await?;
    discard(tus, &row).await?;
    tracing::info!(upload = %id, "upload terminated");
    Ok(())
}

/// Before a new upload into `file_id`: the caller's own unfinished upload of it is replaced (a
/// client that lost its upload URL can start again, and a changed source never mixes with old
/// bytes); another user's live one is a 409; expired ones are cleared.
pub(super) async fn supersede(tus: &Tus, user: &UserRow, file_id: Id) -> Result<(), TusError> {
    let now = now_ms();
    for row in uploads::unfinished_for_file(tus.pool(), file_id).await? {
        if row.user_id != user.id && row.expires_at >= now {
            return Err(TusError::Busy);
        }
        let _guard = tus.locks.try_lock(&row.id).await?;
        let _finishing = tus.locks.try_lock_finishing(&row.id).await?;
        // The file record is the new upload's target now: keep it.
        uploads::delete(tus.pool(), &row.id).await?;
        tus.staging.remove(&row.id).await;
        forget_claimed_blob(tus, &row).await;
        tracing::info!(upload = %row.id, "upload replaced by a new one");
    }
    Ok(())
}

/// Removes an upload whose lock the caller holds: its row, its staging file (or the blob an
/// interrupted finish renamed it to), and the pending file record it made (or the pending
/// version it was to fill), if any. 423 while the upload is being handed over to its file.
pub(super) async fn discard(tus: &Tus, row: &UploadRow) -> Result<(), TusError> {
    let _finishing = tus.locks.try_lock_finishing(&row.id).await?;
    uploads::delete(tus.pool(), &row.id).await?;
    tus.staging.remove(&row.id).await;
    forget_claimed_blob(tus, row).await;
    if !row.is_finished() {
        if let Some(file_id) = row.file_id {
            let file = files::by_id_anywhere(tus.pool(), file_id).await?;
            // A pending record this upload made, or a pending new version (never shown: it is
            // not its entry's head), goes with the upload.
            if file.is_some_and(|f| !f.is_ready() && (row.created_file || !f.head)) {
                files::delete(tus.pool(), file_id).await?;
            }
        }
    }
    Ok(())
}

/// Removes the blob an unfinished upload claimed (a finish stopped between renaming its bytes
/// and handing them over): with the upload gone, nothing will hand it over.
async fn forget_claimed_blob(tus: &Tus, row: &UploadRow) {
    if let (Some(key), false) = (&row.commit_key, row.is_finished()) {
        tus.media().store.remove(vec![key.clone()]).await;
    }
}
