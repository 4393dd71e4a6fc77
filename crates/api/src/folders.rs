//! Folders: nested inside a project.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, Timestamp};

/// A folder. `parent_id` is `None` for a folder at the top of its project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Folder {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub project_id: Id,
    #[ts(type = "number | null")]
    pub parent_id: Option<Id>,
    pub name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Body of `POST /api/projects/{pid}/folders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewFolder {
    pub name: String,
    /// The folder to create it in; absent for the top of the project.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub parent_id: Option<Id>,
}
