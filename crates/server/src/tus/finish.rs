//! Handing a complete upload over to its file: the one way uploaded bytes become visible.
//!
//! The hand-over must not depend on the request that completed the upload staying alive (a
//! client killed right after its last chunk drops the request), nor be lost when the server
//! stops half-way. So it runs in a task of its own, and each step leaves durable state from
//! which the next one can be taken by whoever comes later — a HEAD, a retried PATCH, the next
//! start:
//!
//! 1. the staging file is hashed and fsynced, and a new blob key is chosen;
//! 2. key, size and SHA-256 are written to the upload row (`commit_*`);
//! 3. the staging file is renamed to the blob (and the directory fsynced);
//! 4. one transaction marks the file ready with those bytes and the upload finished, makes a
//!    new version its entry's head and records the upload in the project's activity;
//! 5. the bytes the file had before (and their poster) are removed, the media job queued.
//!
//! A stop after 2 leaves a claimed key the start-up sweep does not touch; whoever finishes next
//! renames the staging file if 3 did not happen, and runs 4 from the recorded values. After 4
//! everything agrees; 5 only removes what nothing refers to any more.

use rushes_api::crash_point::crash_point;

use super::{Tus, TusError};
use rushes_api::activity::ActivityKind;

use crate::db::activity::{self, Details};
use crate::db::comments::Writer;
use crate::db::files;
use crate::db::media_jobs::{self, JobKind};
use crate::db::time::now_ms;
use crate::db::uploads::{self, UploadKind, UploadRow};
use crate::db::versions;
use crate::error::ApiError;
use crate::media::store::Committed;

/// Finishes a complete upload and returns it as finished. A partial only waits for its final
/// upload; a single or final upload's bytes become its file's. Takes the upload's finishing lock
/// (423 while another finish of it runs), then works in a task of its own, so a caller that goes
/// away stops waiting but not the work.
pub(super) async fn finish(tus: &Tus, row: UploadRow) -> Result<UploadRow, TusError> {
    if row.kind() == UploadKind::Partial {
        return finish_partial(tus, row).await;
    }
    let guard = tus.locks.try_lock_finishing(&row.id).await?;
    let tus = tus.clone();
    let id = row.id.clone();
    tokio::spawn(async move {
        let _guard = guard;
        hand_over(&tus, &id).await
    })
    .await
    .map_err(|e| TusError::Api(ApiError::Internal(format!("finishing an upload: {e}"))))?
}

/// Finishes, at start, every upload a stop left with all its bytes but not handed over.
/// Returns how many were finished.
pub(super) async fn recover(tus: &Tus) -> Result<usize, TusError> {
    let mut done = 0;
    for row in uploads::complete_unfinished(tus.pool()).await? {
        match finish(tus, row.clone()).await {
            Ok(_) => done += 1,
            Err(e) => tracing::warn!(upload = %row.id, error = %e, "could not finish an upload"),
        }
    }
    Ok(done)
}

/// A complete partial: its staging file stays for the final upload to join.
async fn finish_partial(tus: &Tus, mut row: UploadRow) -> Result<UploadRow, TusError> {
    let now = now_ms();
    uploads::mark_finished(
        tus.pool(),
        &row.id,
        row.upload_offset,
        None,
        (now, tus.expires_at(now)),
    )
    .await?;
    row.finished_at = Some(now);
    row.expires_at = tus.expires_at(now);
    Ok(row)
}

/// Steps 1–5 above, from wherever the upload is.
async fn hand_over(tus: &Tus, id: &str) -> Result<UploadRow, TusError> {
    let pool = tus.pool();
    let store = &tus.media().store;
    let row = uploads::by_id_anyone(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.is_finished() {
        return Ok(row);
    }
    let file_id = row.file_id.ok_or(ApiError::NotFound)?;
    let staging = tus.staging.path(id);
    let committed = match recorded(&row) {
        Some(committed) => {
            // A finish before this one got at least as far as step 2.
            if !store.contains(&committed.storage_key).await? {
                if !tokio::fs::try_exists(&staging).await? {
                    return Err(lost(id));
                }
                store.place(&staging, &committed.storage_key).await?;
            }
            committed
        }
        None => {
            if !tokio::fs::try_exists(&staging).await? {
                return Err(lost(id));
            }
            let committed = store.prepare(file_id, &staging).await?;
            if Some(committed.size) != row.upload_length {
                return Err(TusError::Api(ApiError::Internal(format!(
                    "upload {id} holds {} bytes on disk where {:?} were recorded",
                    committed.size, row.upload_length
                ))));
            }
            uploads::set_commit(
                pool,
                id,
                (&committed.storage_key, committed.size, &committed.sha256),
            )
            .await?;
            crash_point("finish.recorded");
            store.place(&staging, &committed.storage_key).await?;
            crash_point("finish.placed");
            committed
        }
    };

    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    let Some(before) = files::by_id_anywhere(&mut *tx, file_id).await? else {
        // Deleted while finishing: the new blob has no owner.
        drop(tx);
        store.remove(vec![committed.storage_key]).await;
        return Err(ApiError::NotFound.into());
    };
    files::mark_ready(
        &mut *tx,
        file_id,
        committed.size,
        &committed.sha256,
        &committed.storage_key,
        now,
    )
    .await?;
    // A new version becomes the entry's head with its bytes, never before; a first upload (or
    // a new version) is recorded in the project's activity, a replacement of bytes is not.
    versions::settle_head(&mut tx, before.stack_id).await?;
    if !before.is_ready() {
        let kind = if before.version > 1 {
            ActivityKind::NewVersion
        } else {
            ActivityKind::Upload
        };
        let by = Writer::Member(row.user_id);
        activity::record(&mut *tx, kind, by, file_id, Details::default(), now).await?;
    }
    // The old bytes' poster, probe and renditions describe other bytes now; the new bytes are
    // probed (which queues their renditions) by the media queue, committed with them.
    let mut old = files::storage_keys_of(&mut *tx, file_id).await?;
    files::forget_media(&mut tx, file_id).await?;
    media_jobs::queue(&mut *tx, file_id, &committed.storage_key, JobKind::Probe).await?;
    uploads::mark_finished(
        &mut *tx,
        id,
        row.upload_offset,
        Some(&committed.sha256),
        (now, tus.expires_at(now)),
    )
    .await?;
    tx.commit().await?;

    old.extend(
        before
            .storage_key
            .filter(|key| *key != committed.storage_key),
    );
    store.remove(old).await;
    tus.media().jobs.wake();
    tracing::info!(upload = %id, file = file_id, size = committed.size, "upload finished");
    let mut row = row;
    row.sha256 = Some(committed.sha256);
    row.finished_at = Some(now);
    row.expires_at = tus.expires_at(now);
    Ok(row)
}

/// The blob an earlier finish recorded before renaming, if it got that far.
fn recorded(row: &UploadRow) -> Option<Committed> {
    match (&row.commit_key, row.commit_size, &row.commit_sha256) {
        (Some(key), Some(size), Some(sha256)) => Some(Committed {
            storage_key: key.clone(),
            size,
            sha256: sha256.clone(),
        }),
        _ => None,
    }
}

/// A complete upload whose bytes are neither staged nor stored: never reported as finished.
fn lost(id: &str) -> TusError {
    tracing::error!(upload = %id, "a complete upload's bytes are missing");
    TusError::Api(ApiError::Internal(format!(
        "the bytes of upload {id} are missing; send the file again"
    )))
}
