//! Project members: who has a role in a project, and changing someone's role on the whole
//! project.
//!
//! Any member may read the list; someone whose only roles are folder grants sees the people
//! with a project role and the grants on folders they have a role on themselves, not grants
//! elsewhere in the project. Changing project roles takes the manager role on the project (a
//! folder grant does not count) or a server admin. A project must keep a manager: a project
//! manager cannot remove or demote the last one (409); server admins can, since they manage
//! every project anyway and must be able to offboard anyone.

use std::collections::{BTreeMap, HashMap};

use rushes_api::members::{FolderGrant, Member, MemberUser, RoleUpdate};
use rushes_api::Id;

use super::{activation, visibility};
use crate::access::{ProjectAccess, Role};
use crate::db::grants::{self, GrantRow};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{Pool, Window};
use crate::error::ApiError;

/// Why the last manager of a project cannot go.
const LAST_MANAGER: &str = "a project needs at least one manager; make someone else manager first";

/// Managing members is the manager's job.
pub const MANAGE_ROLE: Role = Role::Manager;

/// Groups grants by person: one [`Member`] each, ordered by name then id.
pub fn group(rows: &[GrantRow]) -> Vec<Member> {
    let mut by_user: BTreeMap<(String, Id), Member> = BTreeMap::new();
    for row in rows {
        let entry = by_user
            .entry((row.user_name.to_lowercase(), row.user_id))
            .or_insert_with(|| Member {
                user: MemberUser {
                    id: row.user_id,
                    name: row.user_name.clone(),
                    email: row.user_email.clone(),
                },
                role: None,
                folders: Vec::new(),
            });
        match (row.folder_id, &row.folder_name) {
            (Some(folder_id), Some(name)) => entry.folders.push(FolderGrant {
                folder_id,
                folder_name: name.clone(),
                role: row.role,
            }),
            _ => entry.role = Some(row.role),
        }
    }
    let mut members: Vec<Member> = by_user.into_values().collect();
    for m in &mut members {
        m.folders
            .sort_by(|a, b| (&a.folder_name, a.folder_id).cmp(&(&b.folder_name, b.folder_id)));
    }
    members
}

/// The rows of one page of an in-memory list (member lists are short), and the total.
pub fn page<T>(items: Vec<T>, window: Window) -> (Vec<T>, i64) {
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from(window.offset).unwrap_or(usize::MAX);
    let take = usize::try_from(window.limit).unwrap_or(0);
    (items.into_iter().skip(skip).take(take).collect(), total)
}

/// The grants of the project the caller may see: all of them with a project role, else the
/// project roles and the grants on folders the caller has a role on.
async fn visible_grants(pool: &Pool, access: &ProjectAccess) -> Result<Vec<GrantRow>, ApiError> {
    let rows = grants::in_project(pool, access.project.id).await?;
    if access.role().is_some() {
        return Ok(rows);
    }
    let mut reach: HashMap<Id, bool> = HashMap::new();
    let mut visible = Vec::with_capacity(rows.len());
    for row in rows {
        let shown = match row.folder_id {
            None => true,
            Some(fid) => match reach.get(&fid) {
                Some(known) => *known,
                None => {
                    let has_role = match access.folder(pool, fid).await {
                        Ok(folder) => folder.role().is_some(),
                        Err(ApiError::NotFound) => false,
                        Err(e) => return Err(e),
                    };
                    reach.insert(fid, has_role);
                    has_role
                }
            },
        };
        if shown {
            visible.push(row);
        }
    }
    Ok(visible)
}

/// One page of the project's members, and the total.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    window: Window,
) -> Result<(Vec<Member>, i64), ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    let rows = visible_grants(pool, &access).await?;
    Ok(page(group(&rows), window))
}

/// `user_id` as a member of the project (role `None` and no folders when they have none).
async fn member(pool: &Pool, project_id: Id, user: &UserRow) -> Result<Member, ApiError> {
    let rows: Vec<GrantRow> = grants::in_project(pool, project_id)
        .await?
        .into_iter()
        .filter(|r| r.user_id == user.id)
        .collect();
    Ok(group(&rows).pop().unwrap_or_else(|| Member {
        user: MemberUser {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
        },
        role: None,
        folders: Vec::new(),
    }))
}

/// Gives `user_id` a role on the whole project, or takes it away (`role: null`). Answers with
/// their membership afterwards.
pub async fn set_role(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    user_id: Id,
    change: RoleUpdate,
) -> Result<Member, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    access.require(MANAGE_ROLE)?;
    let target = visibility::person(pool, caller, user_id).await?;

    let now = now_ms();
    // Write first: SQLite then holds the write lock, so the manager count below cannot race
    // another demotion.
    let mut tx = crate::db::begin_write(pool).await?;
    let before = grants::project_role_of(&mut *tx, project_id, user_id).await?;
    match change.role {
        Some(role) => {
            grants::set_project_role(&mut *tx, project_id, user_id, role, now).await?;
            activation::role_given(&mut tx, user_id, caller.is_admin, now).await?;
        }
        None => {
            if grants::remove_project_role(&mut *tx, project_id, user_id).await? {
                activation::role_removed(&mut tx, user_id, now).await?;
            }
        }
    }
    let demoted_manager = before == Some(Role::Manager) && change.role != Some(Role::Manager);
    if demoted_manager
        && !caller.is_admin
        && grants::count_managers(&mut *tx, project_id).await? == 0
    {
        return Err(ApiError::Conflict(LAST_MANAGER.into()));
    }
    tx.commit().await?;
    tracing::info!(
        project = project_id,
        user = user_id,
        by = caller.id,
        role = change.role.map_or("none", Role::as_str),
        "changed a project role"
    );
    member(pool, project_id, &target).await
}
