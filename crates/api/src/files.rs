//! Files: records in a folder, whose bytes arrive by upload.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
