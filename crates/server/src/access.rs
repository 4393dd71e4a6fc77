//! Who may do what on a project: roles, and the check every project endpoint starts with.
//!
//! A caller who is not a member of a project is told it does not exist (404), so ids cannot be
//! probed; a member whose role is too low is told so (403). Server admins may do everything.

use rushes_api::Id;

use crate::db::projects::ProjectRow;
use crate::db::users::UserRow;
use crate::db::{members, projects, Pool};
use crate::http::ApiError;

/// Project roles, lowest to highest; each includes everything below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// See, play, download.
    Viewer,
    /// + comment.
    Commenter,
    /// + upload, rename, move, delete, metadata.
    Editor,
    /// + members and roles of the project.
    Manager,
}

impl Role {
    /// The role as stored and as it will appear on the wire.
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
        match s {
            "viewer" => Some(Self::Viewer),
            "commenter" => Some(Self::Commenter),
            "editor" => Some(Self::Editor),
            "manager" => Some(Self::Manager),
            _ => None,
        }
    }
}

/// A project the caller may at least see, with what else they may do there.
#[derive(Debug)]
pub struct ProjectAccess {
    pub project: ProjectRow,
    role: Option<Role>,
    admin: bool,
}

impl ProjectAccess {
    /// Loads project `id` for `user`: not found unless it exists and `user` is a member or an
    /// admin.
    pub async fn load(pool: &Pool, user: &UserRow, id: Id) -> Result<Self, ApiError> {
        let project = projects::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
        let role = members::role_of(pool, id, user.id).await?;
        if role.is_none() && !user.is_admin {
            return Err(ApiError::NotFound);
        }
        Ok(Self {
            project,
            role,
            admin: user.is_admin,
        })
    }

    /// Fails with 403 unless the caller has at least `min` (or is an admin).
    pub fn require(&self, min: Role) -> Result<(), ApiError> {
        if self.admin || self.role.is_some_and(|r| r >= min) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
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
    fn roles_round_trip_through_their_names() {
        for r in [Role::Viewer, Role::Commenter, Role::Editor, Role::Manager] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}
