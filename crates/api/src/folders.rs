//! Folders: nested inside a project.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, Timestamp};

/// A folder. `parent_id` is `None` for a folder at the top of its project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Folder {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub project_id: Id,
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Option<Id>,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

/// Body of `POST /api/projects/{pid}/folders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFolder {
    pub name: String,
    /// The folder to create it in; absent for the top of the project.
    #[serde(default)]
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Option<Id>,
}

/// Body of `PATCH /api/projects/{pid}/folders/{fid}`: rename, move, or both. `parent_id: null`
/// moves the folder to the top of the project; leaving it out keeps the folder where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FolderUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::patch::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional, type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, nullable))]
    pub parent_id: Option<Option<Id>>,
}
