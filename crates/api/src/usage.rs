//! Storage usage against a quota, as `GET /api/me/usage` and `GET /api/projects/{id}/usage`
//! report it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Bytes a user or a project holds on the server, and how many it may hold.
///
/// `used_bytes` counts ready files, the declared length of unfinished uploads (or the bytes
/// received so far while the length is deferred) and, for a user, partial uploads not yet
/// concatenated: what an upload is checked against, so a client can tell before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorageUsage {
    #[ts(type = "number")]
    pub used_bytes: i64,
    /// `None` (JSON `null`): no limit on this server.
    #[ts(type = "number | null")]
    pub limit_bytes: Option<i64>,
}
