//! Review links: a folder or a file of a project shared with people who have no account. The
//! team manages links through the project's API; a guest opens `<server>/r/<token>`, gives a
//! name (and the password, when the link has one) and gets a guest session scoped to what the
//! link covers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, Timestamp};

/// What a guest of a link may do. Each includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewPermission {
    /// Browse, see and play.
    View,
    /// + comment and reply.
    Comment,
    /// + download the original files.
    Download,
}

impl ReviewPermission {
    /// Every permission, lowest first.
    pub const ALL: [Self; 3] = [Self::View, Self::Comment, Self::Download];

    /// The permission as stored and as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Comment => "comment",
            Self::Download => "download",
        }
    }

    /// The permission stored as `value`, if it is one.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }
}

/// What a link covers: a folder with everything below it, or one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewLinkKind {
    Folder,
    File,
}

/// A review link as the team sees it. Neither its token nor its password is ever shown again
/// after creation (both are stored only as hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewLink {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub project_id: Id,
    pub kind: ReviewLinkKind,
    /// The shared folder; `null` for a file link.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder_id: Option<Id>,
    /// The shared file; `null` for a folder link.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub file_id: Option<Id>,
    pub permission: ReviewPermission,
    /// Whether guests may set a version's approval status (with at least `comment`).
    pub can_set_status: bool,
    /// Whether a guest must give a password.
    pub has_password: bool,
    pub label: String,
    /// When the link stops working; `null`: never.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<Timestamp>,
    /// Who made it; `null` once that account is gone.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub created_by: Option<Id>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When it was revoked; `null` while it is not. A revoked link stays listed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub revoked_at: Option<Timestamp>,
    /// Who revoked it.
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub revoked_by: Option<Id>,
}

/// Body of `POST /api/projects/{pid}/review-links`: exactly one of `folder_id` and `file_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReviewLink {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub file_id: Option<Id>,
    pub permission: ReviewPermission,
    /// Whether guests may set approval status; needs at least `comment`. `false` when left out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub can_set_status: bool,
    /// A password guests must give; none when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password: Option<String>,
    /// When the link stops working; never when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub label: Option<String>,
}

/// The answer to creating a link: the link and its URL, which holds the token. Shown once: the
/// server keeps only the token's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedReviewLink {
    pub link: ReviewLink,
    /// `<public url>/r/<token>`, to send to the guests.
    pub url: String,
}

/// Body of `PATCH /api/projects/{pid}/review-links/{id}`: only the fields present change;
/// `expires_at: null` makes it last, `password: null` removes the password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewLinkUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub permission: Option<ReviewPermission>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub can_set_status: Option<bool>,
    #[serde(
        default,
        deserialize_with = "crate::patch::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional, type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime, nullable))]
    pub expires_at: Option<Option<Timestamp>>,
    #[serde(
        default,
        deserialize_with = "crate::patch::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional, type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable))]
    pub password: Option<Option<String>>,
}

/// Body of `POST /api/guest/session`: the token from the link's URL, the guest's name, and the
/// password when the link has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewGuestSession {
    pub token: String,
    /// How the team will see the guest's comments; 1 to 100 characters.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password: Option<String>,
}

/// What a guest is shown of the link they came through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuestLink {
    pub label: String,
    pub permission: ReviewPermission,
    /// Whether the guest may set approval status.
    #[serde(default)]
    pub can_set_status: bool,
    pub project_name: String,
    pub kind: ReviewLinkKind,
    /// The shared folder or file: where the guest starts.
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub root_id: Id,
    pub root_name: String,
}

/// `POST` and `GET /api/guest/session`: the guest's link, their name, and the CSRF token the
/// page sends back in `X-CSRF-Token` with every request that changes something. The session's
/// own token is in an `HttpOnly` cookie the page never sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuestSession {
    pub link: GuestLink,
    pub guest_name: String,
    pub csrf_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_round_trip_and_rank() {
        for p in ReviewPermission::ALL {
            assert_eq!(ReviewPermission::parse(p.as_str()), Some(p));
        }
        assert!(ReviewPermission::View < ReviewPermission::Comment);
        assert!(ReviewPermission::Comment < ReviewPermission::Download);
        assert_eq!(ReviewPermission::parse("edit"), None);
    }

    #[test]
    fn an_update_tells_clearing_the_password_from_leaving_it() {
        let u: ReviewLinkUpdate = serde_json::from_str(r#"{"password":null}"#).unwrap();
        assert_eq!(u.password, Some(None));
        assert_eq!(u.expires_at, None);
    }
}
