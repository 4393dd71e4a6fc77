//! Members and roles: who has which role on a project or a folder.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::roles::Role;
use crate::Id;

/// A person as member lists show them (no admin flag or account state: that is the admins'
/// business, in `/api/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberUser {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    pub name: String,
    pub email: String,
}

/// A role granted on one folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FolderGrant {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub folder_id: Id,
    pub folder_name: String,
    pub role: Role,
}

/// One entry of `GET /api/projects/{pid}/members`: someone with a role in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user: MemberUser,
    /// The role on the whole project; `null` when they only have folder grants.
    pub role: Option<Role>,
    /// Their grants on folders of the project.
    pub folders: Vec<FolderGrant>,
}

/// Body of `PUT /api/projects/{pid}/members/{uid}` and
/// `PUT /api/projects/{pid}/folders/{fid}/members/{uid}`: `null` takes the role away. The field
/// is required, so an empty body cannot take a role away by accident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleUpdate {
    #[serde(deserialize_with = "required_nullable")]
    pub role: Option<Role>,
}

/// Deserializes an `Option` field that must be present (serde lets a plain `Option` be absent).
fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Where a role on a folder comes from: the project (`folder_id` null) or a grant on the folder
/// itself or one above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleSource {
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder_id: Option<Id>,
    /// The folder's name; `null` for the project.
    pub folder_name: Option<String>,
    pub role: Role,
}

/// One entry of `GET /api/projects/{pid}/folders/{fid}/members`: someone with a role on the
/// folder, the effective role (the highest that applies) and every grant it comes from, from
/// the project down to the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FolderMember {
    pub user: MemberUser,
    pub role: Role,
    pub sources: Vec<RoleSource>,
}

/// One grant of a user, in `GET,PUT /api/users/{uid}/roles`: on a whole project when
/// `folder_id` is null, else on that folder of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserGrant {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub project_id: Id,
    #[serde(default)]
    #[ts(type = "number | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder_id: Option<Id>,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::RoleUpdate;
    use crate::roles::Role;

    #[test]
    fn a_role_update_must_name_the_role_or_null() {
        let set: RoleUpdate = serde_json::from_str(r#"{"role":"editor"}"#).unwrap();
        assert_eq!(set.role, Some(Role::Editor));
        let clear: RoleUpdate = serde_json::from_str(r#"{"role":null}"#).unwrap();
        assert_eq!(clear.role, None);
        assert!(serde_json::from_str::<RoleUpdate>("{}").is_err());
    }
}
