//! Transfers as the app and the command line see them: the queue of uploads and downloads kept
//! by the client's transfer engine. These never cross HTTP; they cross Tauri IPC and `--json`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ipc::AppError;
use crate::Id;

/// Which way the bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TransferDirection {
    Upload,
    Download,
}

/// Where a transfer is in its life. `Done`, `Failed`, `Cancelled` and `Skipped` are final until
/// the person retries (`Failed`) or clears the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TransferState {
    /// Waiting for a free slot.
    Queued,
    /// Bytes are moving.
    Sending,
    /// All bytes are across; the server (or the local disk) is making the file whole.
    Finalising,
    /// Comparing the SHA-256 of both ends.
    Verifying,
    Done,
    /// Stopped by the person; keeps what was transferred.
    Paused,
    /// Gave up; `error` says why. Retrying goes on from what was transferred.
    Failed,
    Cancelled,
    /// Not transferred because a file of that name exists and the person chose to skip.
    Skipped,
}

impl TransferState {
    /// True for states the engine will not leave on its own.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Done | Self::Failed | Self::Cancelled | Self::Skipped | Self::Paused
        )
    }

    /// The name stored in the queue database and printed by the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Finalising => "finalising",
            Self::Verifying => "verifying",
            Self::Done => "done",
            Self::Paused => "paused",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Skipped => "skipped",
        }
    }
}

/// What to do when the target name is already taken (a remote file for uploads, a local file
/// for downloads).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnConflict {
    /// Keep both: the new one gets a free name like `clip (2).mov`.
    #[default]
    KeepBoth,
    /// Replace the existing file (atomically: the old bytes stay until the new ones are whole).
    Replace,
    /// Leave the existing file and mark the transfer skipped.
    Skip,
    /// Upload as the next version of the existing file (its v1, v2, … stack).
    NewVersion,
}

/// One transfer in the queue, with its latest progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Transfer {
    pub id: String,
    pub direction: TransferDirection,
    /// The connection (server) it belongs to.
    pub connection: String,
    /// The file's name at the target.
    pub name: String,
    /// The local file: the source of an upload, the destination of a download.
    pub local_path: String,
    #[ts(type = "number")]
    pub project_id: Id,
    #[ts(type = "number")]
    pub folder_id: Id,
    /// The remote file, once known.
    #[ts(type = "number | null")]
    pub file_id: Option<Id>,
    /// Total bytes, once known.
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    pub state: TransferState,
    /// Bytes done (committed by the server for uploads, written for downloads).
    #[ts(type = "number")]
    pub done: u64,
    /// Bytes per second, smoothed; 0 when not moving.
    #[ts(type = "number")]
    pub rate: u64,
    /// Seconds left at the current rate, when moving.
    #[ts(type = "number | null")]
    pub eta_secs: Option<u64>,
    /// Why it failed.
    pub error: Option<AppError>,
    /// Transfers queued together (a drop, a folder) share a batch.
    pub batch: String,
    pub on_conflict: OnConflict,
}

/// Progress of one transfer: sent at most ten times a second per transfer while bytes move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TransferProgress {
    pub id: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    #[ts(type = "number")]
    pub rate: u64,
    #[ts(type = "number | null")]
    pub eta_secs: Option<u64>,
}

/// What the engine tells its listeners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransferEvent {
    /// A transfer was queued or changed state (or its details, e.g. its file id).
    Changed { transfer: Transfer },
    /// Bytes moved.
    Progress { progress: TransferProgress },
    /// A transfer was removed from the list.
    Removed { id: String },
    /// Every transfer of a batch reached a final state.
    BatchFinished {
        batch: String,
        done: u32,
        failed: u32,
    },
}

/// The engine's limits; both can change while transfers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TransferLimits {
    /// Transfers running at once (at least 1).
    pub concurrency: u32,
    /// Bytes per second over all transfers; `None` for no limit.
    #[ts(type = "number | null")]
    pub bandwidth: Option<u64>,
}

impl Default for TransferLimits {
    fn default() -> Self {
        Self {
            concurrency: 4,
            bandwidth: None,
        }
    }
}

/// A local path the person dropped or picked, checked against the target folder before
/// anything is queued, so the app can ask about name clashes first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UploadCandidate {
    /// The local path as given.
    pub path: String,
    /// The name it would get at the target (the file or folder name).
    pub name: String,
    /// A folder: its tree is recreated inside the target.
    pub is_dir: bool,
    /// Bytes of a file; for a folder, of every file it would send (hidden files and links
    /// left out).
    #[ts(type = "number")]
    pub size: u64,
    /// Files a folder would send (1 for a file).
    pub files: u32,
    /// A file or folder of this name is already in the target folder.
    pub exists: bool,
}

/// One local path to upload and what to do if its name is taken. For a folder that exists,
/// the policy applies to the files inside it (the folders merge, as in a file manager).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UploadItem {
    pub path: String,
    pub on_conflict: OnConflict,
    /// Upload this file as the next version of that file (a file dropped on a file's row),
    /// whatever its name: the entry keeps its name and gains a version. `on_conflict` does not
    /// apply then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number | null")]
    pub version_of: Option<Id>,
}

/// One remote file to download into the download folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DownloadItem {
    #[ts(type = "number")]
    pub folder_id: Id,
    #[ts(type = "number")]
    pub file_id: Id,
    pub name: String,
}

/// What one drop, pick or download request queued: a batch of transfers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QueuedBatch {
    /// Shared by every transfer queued here; the app says when the batch finishes.
    pub batch: String,
    pub transfers: Vec<Transfer>,
    /// Remote folders made to hold dropped folders.
    pub folders_created: u32,
    /// Local files left out (hidden files and links inside dropped folders).
    pub skipped: u32,
}
