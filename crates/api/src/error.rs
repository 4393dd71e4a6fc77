//! The error envelope and the small, stable set of error codes clients branch on.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable machine-readable error codes of the HTTP API. Clients branch on these, never on
/// messages; a code is added only when a client needs to tell the case apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body or query failed validation; `error` names the fields.
    ValidationFailed,
    /// The request could not be parsed at all (bad JSON, wrong content type).
    BadRequest,
    /// No credentials, or credentials that are invalid, expired or revoked.
    Unauthorized,
    /// Authenticated, but the caller's role does not allow this.
    Forbidden,
    /// The resource does not exist, or the caller may not know that it exists.
    NotFound,
    /// The name is already used by a sibling.
    NameTaken,
    /// The request conflicts with the resource's current state.
    Conflict,
    /// Too many attempts; try again later.
    RateLimited,
    /// A signed media URL expired (or was never valid): ask for a fresh one.
    LinkExpired,
    /// A tus PATCH's `Upload-Offset` is not where the upload is: ask with HEAD and go on from there.
    OffsetMismatch,
    /// A tus PATCH body did not match its `Upload-Checksum`; nothing of it was kept: send it again.
    ChecksumMismatch,
    /// The tus upload expired or was terminated: start a new one.
    UploadExpired,
    /// Another request is writing this tus upload right now: try again shortly.
    UploadLocked,
    /// A tus upload asked to fill only a pending record the caller made (`expect_pending`), and
    /// the record already has its bytes (or is not the caller's): it is not written into.
    NotPending,
    /// An upload would take a user or a project past its storage quota (or a user past their
    /// allowance of partial uploads); nothing was written. Retrying does not help until
    /// something is deleted or the quota is raised.
    QuotaExceeded,
    /// The server's disk is full; nothing of the request was kept (an upload keeps what it had
    /// confirmed before). Worth retrying later, once space is freed.
    DiskFull,
    /// The server failed; details are in its log, never in the answer.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order (for generated tables and exhaustive tests).
    pub const ALL: [ErrorCode; 17] = [
        Self::ValidationFailed,
        Self::BadRequest,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::NameTaken,
        Self::Conflict,
        Self::RateLimited,
        Self::LinkExpired,
        Self::OffsetMismatch,
        Self::ChecksumMismatch,
        Self::UploadExpired,
        Self::UploadLocked,
        Self::NotPending,
        Self::QuotaExceeded,
        Self::DiskFull,
        Self::Internal,
    ];

    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationFailed => "validation_failed",
            Self::BadRequest => "bad_request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::NameTaken => "name_taken",
            Self::Conflict => "conflict",
            Self::RateLimited => "rate_limited",
            Self::LinkExpired => "link_expired",
            Self::OffsetMismatch => "offset_mismatch",
            Self::ChecksumMismatch => "checksum_mismatch",
            Self::UploadExpired => "upload_expired",
            Self::UploadLocked => "upload_locked",
            Self::NotPending => "not_pending",
            Self::QuotaExceeded => "quota_exceeded",
            Self::DiskFull => "disk_full",
            Self::Internal => "internal",
        }
    }
}

/// `{"status":422,"status_message":"Unprocessable Entity","error":{"name":["can't be blank"]},"code":"validation_failed"}`.
///
/// `error` maps a field name to its problems; the key `base` holds problems with the whole
/// request. Every 4xx and 5xx answer of the API has this shape, authentication failures included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorEnvelope {
    pub status: u16,
    pub status_message: String,
    pub error: BTreeMap<String, Vec<String>>,
    pub code: ErrorCode,
}

impl ErrorEnvelope {
    /// The first human-readable message, preferring `base`, for one-line display.
    pub fn message(&self) -> String {
        let pick = self
            .error
            .get("base")
            .and_then(|v| v.first())
            .map(|m| m.to_string())
            .or_else(|| {
                self.error
                    .iter()
                    .find_map(|(k, v)| v.first().map(|m| format!("{k} {m}")))
            });
        pick.unwrap_or_else(|| self.status_message.clone())
    }
}

/// A write failed because the disk (or the user's disk quota) is full: on the server an answer
/// coded [`ErrorCode::DiskFull`], in the app `disk_full`.
pub fn is_disk_full(e: &std::io::Error) -> bool {
    const ENOSPC: i32 = 28;
    const EDQUOT: i32 = 122;
    e.kind() == std::io::ErrorKind::StorageFull
        || e.kind() == std::io::ErrorKind::QuotaExceeded
        || matches!(e.raw_os_error(), Some(ENOSPC | EDQUOT))
}
