//! Roles on projects and folders.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A role, lowest to highest; each includes everything below it. Granted on a project or a
/// folder, and inherited by the folders below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// See, play, download.
    Viewer,
    /// + comment.
    Commenter,
    /// + upload, rename, move, delete, metadata.
    Editor,
    /// + members and roles of the project (or of the folder the grant is on).
    Manager,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 4] = [Self::Viewer, Self::Commenter, Self::Editor, Self::Manager];

    /// The role as stored and as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Commenter => "commenter",
            Self::Editor => "editor",
            Self::Manager => "manager",
        }
    }

    /// The role named `s`, if it is one.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn roles_are_ordered_lowest_to_highest() {
        assert!(Role::Viewer < Role::Commenter);
        assert!(Role::Commenter < Role::Editor);
        assert!(Role::Editor < Role::Manager);
    }

    #[test]
    fn roles_round_trip_through_their_names_and_json() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}
