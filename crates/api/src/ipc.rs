//! Types that cross Tauri IPC between the app's Rust side and its web UI.
//!
//! Errors cross as `{code, message}` with a small set of codes the UI branches on. Nothing here
//! ever carries a token or another secret.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ErrorCode;

/// The app's events to the UI, by name (the UI's copies are generated from these).
pub mod events {
    /// Every change and progress of a transfer; the payload is a `TransferEvent`.
    pub const TRANSFER: &str = "transfer-event";
    /// Events were lost (the UI fell behind): it should read the whole list of transfers again.
    pub const TRANSFERS_RESYNC: &str = "transfers-resync";
    /// A connection signed in or out or needs sign-in again; the payload is its id.
    pub const CONNECTIONS_CHANGED: &str = "connections-changed";
}

/// What the UI can tell apart when a command fails. Kept small on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorCode {
    /// The input was rejected; the message says which field and why.
    Invalid,
    /// The name is already used in that place.
    NameTaken,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// Not allowed with the current role.
    Forbidden,
    /// Not possible in the current state (an upload not complete yet); the message says why.
    Conflict,
    /// Sign-in is needed (again).
    Unauthenticated,
    /// The server could not be reached.
    Offline,
    /// The OS keychain could not be used.
    Keychain,
    /// The person cancelled (a browser sign-in), or it was not finished in time.
    Cancelled,
    /// The local disk is full (or over quota); what was transferred is kept for later.
    DiskFull,
    /// The server's storage quota (the user's or the project's) has no room for it; the message
    /// says how much is used and allowed. Deleting files or a raised quota helps, retrying not.
    QuotaExceeded,
    /// Anything else; the message explains and the log has the details.
    Internal,
}

impl From<ErrorCode> for AppErrorCode {
    /// What the UI makes of a server's error answer. The one table of it: the app's client
    /// uses it, and the browser app reads the same table generated into its TypeScript.
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::ValidationFailed | ErrorCode::BadRequest => Self::Invalid,
            ErrorCode::NameTaken => Self::NameTaken,
            ErrorCode::NotFound | ErrorCode::UploadExpired => Self::NotFound,
            ErrorCode::Forbidden => Self::Forbidden,
            ErrorCode::QuotaExceeded => Self::QuotaExceeded,
            ErrorCode::Unauthorized => Self::Unauthenticated,
            // Transient upload states: ask for the offset, or retry shortly.
            ErrorCode::Conflict
            | ErrorCode::OffsetMismatch
            | ErrorCode::UploadLocked
            | ErrorCode::NotPending => Self::Conflict,
            // The server's disk, not ours: its message says so.
            ErrorCode::RateLimited
            | ErrorCode::LinkExpired
            | ErrorCode::ChecksumMismatch
            | ErrorCode::DiskFull
            | ErrorCode::Internal => Self::Internal,
        }
    }
}

/// A failed command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppError {
    pub code: AppErrorCode,
    pub message: String,
}

/// Where a connection's long-lived secret is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecretStorage {
    /// The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
    Keychain,
    /// No keychain service was available: the secret is in a file only this user may read. The UI
    /// says so plainly; `reason` is why the keychain could not be used.
    FallbackFile { path: String, reason: String },
}

/// The state of the offline local library the app runs in-process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibraryStatus {
    /// Base URL of the in-process server (loopback, free port).
    pub url: String,
    /// Where the library keeps its database and media.
    pub data_dir: String,
    pub secret_storage: SecretStorage,
}
