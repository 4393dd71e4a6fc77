//! Ending uploads: DELETE (termination), a new upload replacing the caller's unfinished one,
//! and expiry all come here.

use rushes_api::Id;

use super::TusError;
use crate::db::files;
use crate::db::time::now_ms;
use crate::db::uploads::{self, UploadRow};
use crate::db::users::UserRow;
use crate::error::ApiError;
use crate::http::AppState;

/// DELETE /uploads/{id}: removes the staging file and the upload. A pending file record the
/// upload itself made (metadata `folder_id` + `filename`) goes too: a cancelled drop leaves no
/// empty entry behind. A record made through the API stays, pending, for another upload; bytes
/// already finished into a file stay.
pub async fn terminate(state: &AppState, user: &UserRow, id: &str) -> Result<(), TusError> {
    let row = uploads::by_id(state.pool(), id, user.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let _guard = state.tus().locks.try_lock(id)?;
    discard(state, &row).await?;
    tracing::info!(upload = %id, "upload terminated");
    Ok(())
}

/// Before a new upload into `file_id`: the caller's own unfinished upload of it is replaced (a
/// client that lost its upload URL can start again, and a changed source never mixes with old
/// bytes); another user's live one is a 409; expired ones are cleared.
pub(super) async fn supersede(
    state: &AppState,
    user: &UserRow,
    file_id: Id,
) -> Result<(), TusError> {
    let now = now_ms();
    for row in uploads::unfinished_for_file(state.pool(), file_id).await? {
        if row.user_id != user.id && row.expires_at >= now {
            return Err(TusError::Busy);
        }
        let _guard = state.tus().locks.try_lock(&row.id)?;
        let _finishing = state.tus().locks.try_lock_finishing(&row.id)?;
        // The file record is the new upload's target now: keep it.
        uploads::delete(state.pool(), &row.id).await?;
        state.tus().staging.remove(&row.id).await;
        forget_claimed_blob(state, &row).await;
        tracing::info!(upload = %row.id, "upload replaced by a new one");
    }
    Ok(())
}

/// Removes an upload whose lock the caller holds: its row, its staging file (or the blob an
/// interrupted finish renamed it to), and the pending file record it made, if any. 423 while
/// the upload is being handed over to its file.
pub(super) async fn discard(state: &AppState, row: &UploadRow) -> Result<(), TusError> {
    let _finishing = state.tus().locks.try_lock_finishing(&row.id)?;
    uploads::delete(state.pool(), &row.id).await?;
    state.tus().staging.remove(&row.id).await;
    forget_claimed_blob(state, row).await;
    if row.created_file && !row.is_finished() {
        if let Some(file_id) = row.file_id {
            let file = files::by_id_anywhere(state.pool(), file_id).await?;
            if file.is_some_and(|f| !f.is_ready()) {
                files::delete(state.pool(), file_id).await?;
            }
        }
    }
    Ok(())
}

/// Removes the blob an unfinished upload claimed (a finish stopped between renaming its bytes
/// and handing them over): with the upload gone, nothing will hand it over.
async fn forget_claimed_blob(state: &AppState, row: &UploadRow) {
    if let (Some(key), false) = (&row.commit_key, row.is_finished()) {
        state.media().store.remove(vec![key.clone()]).await;
    }
}
