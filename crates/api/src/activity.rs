//! What happened in a project: uploads, new versions, comments and status changes, newest
//! first, for the project's activity list and the desktop app's notifications.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::approval::ApprovalStatus;
use crate::comments::CommentAuthor;
use crate::{Id, Timestamp};

/// What an activity entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A new file's bytes arrived (version 1).
    Upload,
    /// A new version of a file arrived (version 2 and up).
    NewVersion,
    /// A top-level comment.
    Comment,
    /// A reply to a comment.
    Reply,
    /// A version's approval status changed.
    StatusChange,
}

/// One thing that happened. Entries outlive what they are about: once the file is deleted,
/// `file_id` points nowhere but the name and version stay readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    /// Increasing: the desktop app asks for what came after the last id it saw.
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub project_id: Id,
    pub kind: ActivityKind,
    /// Who did it: a member or a review link's guest; `null` once that account is gone.
    pub actor: Option<CommentAuthor>,
    /// The file (the version's own id).
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub file_id: Id,
    /// The file's folder, to open it from the list.
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub folder_id: Id,
    /// The file's name when it happened.
    pub file_name: String,
    /// The version it happened to.
    pub version: i32,
    /// The comment or reply, for those kinds.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub comment_id: Option<Id>,
    /// The start of the comment's text (at most 200 characters), for those kinds.
    pub excerpt: Option<String>,
    /// The new status, for a status change.
    pub status: Option<ApprovalStatus>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}
