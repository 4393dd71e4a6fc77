//! Running the same command again: what an earlier run left in the queue is picked up, not
//! done a second time.
//!
//! A transfer tool is run again after it was killed, after a reboot, or simply to make sure:
//! each run must leave the same result as one uninterrupted run. So before an upload is queued,
//! the queue is asked whether an earlier transfer already sent this local file to this folder:
//!
//! - one that did not finish is resumed, from what the server holds;
//! - one that finished counts as done when the source is unchanged (size and modification time
//!   as recorded) and the server's file still has the SHA-256 that was verified then;
//! - anything else (no earlier transfer, a changed source, a remote file deleted or replaced
//!   since) is queued as a new upload.

use rushes_api::files::FileState;
use rushes_api::transfers::{Transfer, TransferDirection, TransferState};

use super::engine::{DownloadRequest, Engine, UploadRequest};
use super::source::fingerprint;
use super::store::Record;
use crate::{ApiClient, ClientError};

/// Queues `req`, or picks up the earlier transfer that did the same upload.
pub async fn upload_again(
    engine: &Engine,
    api: &ApiClient,
    req: UploadRequest,
) -> Result<Transfer, ClientError> {
    let local = std::path::absolute(&req.source).unwrap_or_else(|_| req.source.clone());
    let earlier = engine.records_where(|r| {
        r.direction == TransferDirection::Upload
            && r.connection == req.connection
            && r.project_id == req.project_id
            && r.folder_id == req.folder_id
            && r.local_path == local
            && r.state != TransferState::Cancelled
    });
    if let Some(r) = earlier.iter().find(|r| unfinished(r.state)) {
        return resume(engine, r).await;
    }
    if let Some(r) = earlier.iter().find(|r| r.state == TransferState::Done) {
        if still_there(api, r).await? {
            tracing::info!(transfer = %r.id, "already uploaded; nothing to send");
            return engine
                .get(&r.id)
                .ok_or_else(|| ClientError::NotFound(format!("no transfer {}", r.id)));
        }
    }
    engine.enqueue_upload(req).await
}

/// Queues `req`, or resumes the earlier unfinished download of the same file into the same
/// folder. A finished one is queued again: the job itself finds the identical local file and
/// counts it as done without fetching a byte.
pub async fn download_again(
    engine: &Engine,
    req: DownloadRequest,
) -> Result<Transfer, ClientError> {
    let dir = std::path::absolute(&req.dest_dir).unwrap_or_else(|_| req.dest_dir.clone());
    let earlier = engine.records_where(|r| {
        r.direction == TransferDirection::Download
            && r.connection == req.connection
            && r.file_id == Some(req.file_id)
            && r.local_path.parent() == Some(dir.as_path())
            && unfinished(r.state)
    });
    match earlier.first() {
        Some(r) => resume(engine, r).await,
        None => engine.enqueue_download(req).await,
    }
}

/// Whether a transfer in `state` still has work to do (the engine pauses a command's leftovers
/// when it opens, so most are paused here).
fn unfinished(state: TransferState) -> bool {
    matches!(
        state,
        TransferState::Queued
            | TransferState::Sending
            | TransferState::Finalising
            | TransferState::Verifying
            | TransferState::Paused
            | TransferState::Failed
    )
}

async fn resume(engine: &Engine, r: &Record) -> Result<Transfer, ClientError> {
    tracing::info!(transfer = %r.id, "resuming an earlier run's transfer");
    engine.resume(&r.id).await?;
    engine
        .get(&r.id)
        .ok_or_else(|| ClientError::NotFound(format!("no transfer {}", r.id)))
}

/// Whether a finished upload's result is still what the source is: the same size and
/// modification time locally, the same verified SHA-256 at the server.
async fn still_there(api: &ApiClient, r: &Record) -> Result<bool, ClientError> {
    let (Some(file_id), Some(sha256)) = (r.file_id, r.sha256.as_deref()) else {
        return Ok(false);
    };
    let (size, mtime) = fingerprint(&r.local_path).await?;
    if r.size != Some(size) || r.source_mtime_ns != Some(mtime) {
        return Ok(false);
    }
    match api.file((r.project_id, r.folder_id, file_id)).await {
        Ok(f) => Ok(f.state == FileState::Ready && f.sha256.as_deref() == Some(sha256)),
        Err(e) if e.http_status() == Some(404) => Ok(false),
        Err(e) => Err(e),
    }
}
