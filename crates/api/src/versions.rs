//! Versions: a file entry is a stack of versions v1, v2, …, each with its own bytes,
//! renditions, technical metadata, status and comments. Every version is a file resource with
//! its own id; the entry is shown as its newest ready version.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Body of `POST .../files/{id}/versions`: the pending record of the next version, which an
/// upload then fills (tus `file_id` of the answer, as for a new file). It becomes the entry's
/// current version only once its bytes are complete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewVersion {
    /// The size the upload will have, if known.
    #[serde(default)]
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub size: Option<i64>,
    /// A MIME type; the entry's when absent.
    #[serde(default)]
    pub content_type: Option<String>,
}
