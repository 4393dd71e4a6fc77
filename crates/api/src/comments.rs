//! Comments on files: on the whole file, a frame or a range of frames, with one level of
//! replies.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::annotations::Drawing;
use crate::{Id, Timestamp};

/// A comment. Top-level comments carry their replies; a reply's own `replies` is always empty,
/// and so are its `frame` and `frame_out` (it is about the frames of the comment it answers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub file_id: Id,
    /// The comment this one answers; `null` for a top-level comment.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Option<Id>,
    pub body: String,
    /// The first frame it is about (counting from 0); `null` for the whole file.
    #[ts(type = "number | null")]
    pub frame: Option<i64>,
    /// The last frame of a range (inclusive); `null` for a single frame or the whole file.
    #[ts(type = "number | null")]
    pub frame_out: Option<i64>,
    /// Whether the thread is done with. Always `false` on replies.
    pub resolved: bool,
    /// Shapes drawn on the frame (top-level comments on a frame or range only).
    #[serde(default)]
    pub drawing: Option<Drawing>,
    /// Written by someone else after the caller last opened the file: new to them. Always
    /// `false` for guests.
    #[serde(default)]
    pub unseen: bool,
    /// Who wrote it; `null` once that account is gone.
    pub author: Option<CommentAuthor>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
    /// Replies, oldest first.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub replies: Vec<Comment>,
}

/// The author of a comment, as other members of the project see them: a member of the team
/// (`id` and `email` set), or a guest of a review link (`guest: true`, the name they gave and
/// the link's id, no account). Guests see team members' names only, never their emails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentAuthor {
    /// The account; `null` for a guest.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id: Option<Id>,
    pub name: String,
    /// The account's email; `null` for a guest, and in what guests are shown.
    #[serde(default)]
    pub email: Option<String>,
    /// Written by a guest of a review link, who has no account.
    #[serde(default)]
    pub guest: bool,
    /// The review link the guest came through; `null` for a team member.
    #[serde(default)]
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub link_id: Option<Id>,
}

/// Body of `POST .../files/{id}/comments`, and of `POST .../comments/{cid}/comments` (a reply,
/// which takes no frames).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewComment {
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number | null")]
    pub frame: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number | null")]
    pub frame_out: Option<i64>,
    /// Shapes drawn on `frame` (which it then needs); never on a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub drawing: Option<Drawing>,
}

/// Body of `PATCH .../comments/{cid}`: only the fields present change. `frame: null` makes it
/// about the whole file again (clear `frame_out` with it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::patch::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional, type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, nullable))]
    pub frame: Option<Option<i64>>,
    #[serde(
        default,
        deserialize_with = "crate::patch::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional, type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, nullable))]
    pub frame_out: Option<Option<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub resolved: Option<bool>,
    /// A new drawing, or `null` to remove it.
    #[serde(
        default,
        deserialize_with = "crate::patch::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional, type = "Drawing | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Drawing>, nullable))]
    pub drawing: Option<Option<Drawing>>,
}

/// `?format=` of `GET .../files/{id}/comments/export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// RFC 4180 CSV, one row per comment and reply, with a header row.
    Csv,
    /// A CMX 3600 EDL of markers as DaVinci Resolve writes and reads them (`|C:` colour,
    /// `|M:` name, `|D:` duration): Timelines → Import → Timeline Markers from EDL.
    Edl,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_tells_clearing_a_frame_from_leaving_it() {
        let u: CommentUpdate = serde_json::from_str(r#"{"frame":null}"#).unwrap();
        assert_eq!(u.frame, Some(None));
        assert_eq!(u.frame_out, None);
        let round = serde_json::to_value(&u).unwrap();
        assert_eq!(round, serde_json::json!({"frame": null}));
    }
}
