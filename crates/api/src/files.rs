//! Files: records in a folder, whose bytes arrive by upload.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::approval::ApprovalStatus;
use crate::comments::CommentAuthor;
use crate::renditions::Rendition;
use crate::{Id, Timestamp};

/// Where a file's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// The record exists; its bytes are not complete yet (nothing to download).
    Pending,
    /// The bytes are complete and verified: `size` and `sha256` are final.
    Ready,
}

/// A file in a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct File {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub project_id: Id,
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub folder_id: Id,
    pub name: String,
    pub content_type: String,
    pub state: FileState,
    /// Bytes: announced at creation while pending, exact once ready.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub size: Option<i64>,
    /// Lower-case hex SHA-256 of the bytes, once ready. Also the media URL's `ETag`.
    pub sha256: Option<String>,
    /// Whether a poster image exists (`GET .../files/{id}/poster`).
    pub has_poster: bool,
    /// The media jobs of the current bytes and their results: the probe first, then the proxy
    /// (only when the original does not play in browsers) and the waveform (when there is
    /// sound). Empty until the bytes are complete.
    #[serde(default)]
    pub renditions: Vec<Rendition>,
    /// The entry this version belongs to: the id of its first version, the same for every
    /// version of the entry (and the file's own id while it has one version).
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub stack_id: Id,
    /// This version's number, from 1.
    pub version: i32,
    /// How many versions the entry has with complete bytes (listings show the newest).
    pub version_count: i32,
    /// This version's approval status.
    pub status: ApprovalStatus,
    /// Who set the status; `null` while it is `none` or once that account is gone.
    pub status_set_by: Option<CommentAuthor>,
    /// When the status was set; `null` while it is `none`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub status_set_at: Option<Timestamp>,
    /// Comments and replies on this version by others since the caller last opened it
    /// (`POST .../files/{id}/seen`); every one of them before the first visit. Always 0 for
    /// guests.
    #[ts(type = "number")]
    pub unseen_comments: i64,
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub created_by: Option<Id>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

/// Body of `POST /api/projects/{pid}/folders/{fid}/files`: the record an upload then fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFile {
    pub name: String,
    /// The size the upload will have, if known.
    #[serde(default)]
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub size: Option<i64>,
    /// A MIME type; guessed from the name when absent.
    #[serde(default)]
    pub content_type: Option<String>,
}

/// Body of `PATCH .../files/{id}`: rename, move to another folder of the project, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder_id: Option<Id>,
}
