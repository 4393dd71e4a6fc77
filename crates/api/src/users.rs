//! Users as the API shows them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, Timestamp};

/// A user account. `GET /api/me` answers with the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    pub email: String,
    pub name: String,
    /// Server admins manage users and every project.
    pub is_admin: bool,
    /// A user without any role is deactivated and cannot sign in.
    pub active: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// Body of `POST /api/users` (server admins). Without a `password` the account is *invited*: the
/// answer carries a one-time link where the person chooses their own password.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUser {
    pub email: String,
    /// Defaults to the part of the email before `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password: Option<String>,
    #[serde(default)]
    pub is_admin: bool,
}

/// Body of `PATCH /api/users/{uid}` (server admins): the fields to change. Admins cannot take
/// away their own admin flag or deactivate themselves, so a server always keeps an admin.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub is_admin: Option<bool>,
    /// `false` signs the user out everywhere (every token is revoked) and refuses sign-in until
    /// an admin sets it back to `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub active: Option<bool>,
}

/// Answer of `POST /api/users`: the account, and for an invited one the link to send them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUser {
    pub user: User,
    /// The invitation link, shown only in this answer (the server keeps only its hash). It works
    /// once, until `invitation_expires_at`. `null` when a password was given.
    #[ts(type = "string | null")]
    pub invitation_url: Option<String>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub invitation_expires_at: Option<Timestamp>,
}

/// Passwords never reach a log through `Debug`.
fn redacted(p: &Option<String>) -> &'static str {
    if p.is_some() {
        "Some(<redacted>)"
    } else {
        "None"
    }
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("name", &self.name)
            .field("password", &redacted(&self.password))
            .field("is_admin", &self.is_admin)
            .finish()
    }
}

impl std::fmt::Debug for UserUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserUpdate")
            .field("name", &self.name)
            .field("email", &self.email)
            .field("password", &redacted(&self.password))
            .field("is_admin", &self.is_admin)
            .field("active", &self.active)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::NewUser;

    #[test]
    fn passwords_are_not_in_debug_output() {
        let new = NewUser {
            email: "a@b".into(),
            password: Some("hunter22".into()),
            ..NewUser::default()
        };
        assert!(!format!("{new:?}").contains("hunter22"));
    }
}
