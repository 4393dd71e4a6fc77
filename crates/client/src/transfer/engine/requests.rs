//! What callers ask the engine to queue, and the record in the queue each request becomes.
//!
//! Turning a request into a record checks the local side (an upload's source must be a file, a
//! download's name must be safe to save under) and takes the next place in the queue; the
//! engine's queue operations only add the record.

use std::path::PathBuf;

use rand::Rng;
use rushes_api::transfers::{OnConflict, TransferDirection, TransferState};
use rushes_api::Id;

use crate::transfer::names::local_name;
use crate::transfer::source::io_error;
use crate::transfer::store::{Record, Store};
use crate::ClientError;

/// What to upload.
#[derive(Debug, Clone)]
pub struct UploadRequest {
    pub connection: String,
    pub source: PathBuf,
    pub project_id: Id,
    pub folder_id: Id,
    /// The name at the target; the source's file name when `None`.
    pub name: Option<String>,
    pub on_conflict: OnConflict,
    /// Groups transfers queued together; a fresh batch when `None`.
    pub batch: Option<String>,
    /// Make it the next version of this file (in `folder_id`), whatever the names; the
    /// entry keeps its name.
    pub version_of: Option<Id>,
}

/// What to download.
#[derive(Debug, Clone)]
pub struct DownloadRequest {
    pub connection: String,
    pub project_id: Id,
    pub folder_id: Id,
    pub file_id: Id,
    /// The file's name, which becomes the local name.
    pub name: String,
    pub dest_dir: PathBuf,
    pub on_conflict: OnConflict,
    pub batch: Option<String>,
}

/// A fresh id for a transfer or a batch.
pub(crate) fn new_id() -> String {
    let bytes: [u8; 12] = rand::thread_rng().gen();
    hex::encode(bytes)
}

impl UploadRequest {
    /// The queued record of this upload, placed after everything queued so far.
    pub(super) async fn into_record(self, store: &Store) -> Result<Record, ClientError> {
        let meta = tokio::fs::metadata(&self.source)
            .await
            .map_err(io_error(format!("reading {}", self.source.display())))?;
        if !meta.is_file() {
            return Err(ClientError::Invalid(format!(
                "{} is not a file",
                self.source.display()
            )));
        }
        let name = match self.name {
            Some(n) => n,
            None => self
                .source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| ClientError::Invalid("the source has no file name".into()))?,
        };
        let record = Record {
            id: new_id(),
            position: store.next_position().await?,
            direction: TransferDirection::Upload,
            connection: self.connection,
            state: TransferState::Queued,
            error: None,
            batch: self.batch.unwrap_or_else(new_id),
            on_conflict: self.on_conflict,
            local_path: std::path::absolute(&self.source).unwrap_or(self.source),
            project_id: self.project_id,
            folder_id: self.folder_id,
            file_id: None,
            asked_name: name.clone(),
            name,
            size: Some(meta.len()),
            source_mtime_ns: None,
            upload_path: None,
            sha256: None,
            done: 0,
            version_of: self.version_of,
        };
        Ok(record)
    }
}

impl DownloadRequest {
    /// The queued record of this download, placed after everything queued so far.
    pub(super) async fn into_record(self, store: &Store) -> Result<Record, ClientError> {
        let local = local_name(&self.name).into_owned();
        if local != self.name {
            tracing::info!(remote = %self.name, %local, "saving under a safe local name");
        }
        let dir = std::path::absolute(&self.dest_dir).unwrap_or(self.dest_dir);
        let record = Record {
            id: new_id(),
            position: store.next_position().await?,
            direction: TransferDirection::Download,
            connection: self.connection,
            state: TransferState::Queued,
            error: None,
            batch: self.batch.unwrap_or_else(new_id),
            on_conflict: self.on_conflict,
            local_path: dir.join(&local),
            project_id: self.project_id,
            folder_id: self.folder_id,
            file_id: Some(self.file_id),
            asked_name: self.name,
            name: local,
            size: None,
            source_mtime_ns: None,
            upload_path: None,
            sha256: None,
            done: 0,
            version_of: None,
        };
        Ok(record)
    }
}
