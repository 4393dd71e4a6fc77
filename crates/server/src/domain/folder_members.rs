//! Folder members: who has a role on a folder, where that role comes from, and granting roles
//! on a folder.
//!
//! A role on a folder comes from the project or from a grant on the folder or any folder above
//! it; the effective role is the highest. Reading the list takes a role on the folder (passing
//! through on the way to a deeper grant is not enough); granting takes the manager role there,
//! so a folder's manager can bring people into that folder without any say over the rest of
//! the project. Server admins are listed only where they have a grant of their own.

use std::collections::BTreeMap;

use rushes_api::members::{FolderMember, MemberUser, RoleSource, RoleUpdate};
use rushes_api::Id;

use super::members::{page, MANAGE_ROLE};
use super::{activation, visibility};
use crate::access::{ProjectAccess, Role};
use crate::db::grants::{self, GrantRow};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{folders, Pool, Window};
use crate::error::ApiError;

/// A role source and how far above the folder it is (the project ranks highest).
type Ranked = (usize, RoleSource);

/// Everyone with a role on folder `folder_id`, by name then id.
async fn members_of(
    pool: &Pool,
    project_id: Id,
    folder_id: Id,
) -> Result<Vec<FolderMember>, ApiError> {
    // From the folder up to the top; a source's depth orders the sources from the project down.
    let chain = folders::ancestry(pool, project_id, folder_id).await?;
    let depth = |fid: Id| chain.iter().position(|l| l.id == fid);
    let rows: Vec<GrantRow> = grants::in_project(pool, project_id).await?;
    let mut by_user: BTreeMap<(String, Id), (FolderMember, Vec<Ranked>)> = BTreeMap::new();
    for row in rows {
        // The project comes first: rank it above the top of the chain.
        let rank = match row.folder_id {
            None => chain.len(),
            Some(fid) => match depth(fid) {
                Some(d) => d,
                None => continue,
            },
        };
        let (entry, sources) = by_user
            .entry((row.user_name.to_lowercase(), row.user_id))
            .or_insert_with(|| {
                let member = FolderMember {
                    user: MemberUser {
                        id: row.user_id,
                        name: row.user_name.clone(),
                        email: row.user_email.clone(),
                    },
                    role: row.role,
                    sources: Vec::new(),
                };
                (member, Vec::new())
            });
        entry.role = entry.role.max(row.role);
        sources.push((
            rank,
            RoleSource {
                folder_id: row.folder_id,
                folder_name: row.folder_name.clone(),
                role: row.role,
            },
        ));
    }
    Ok(by_user
        .into_values()
        .map(|(mut member, mut sources)| {
            sources.sort_by_key(|s| std::cmp::Reverse(s.0));
            member.sources = sources.into_iter().map(|(_, s)| s).collect();
            member
        })
        .collect())
}

/// One page of the people with a role on the folder, and the total.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    folder_id: Id,
    window: Window,
) -> Result<(Vec<FolderMember>, i64), ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    access
        .folder(pool, folder_id)
        .await?
        .require(Role::Viewer)?;
    Ok(page(members_of(pool, project_id, folder_id).await?, window))
}

/// Grants `user_id` a role on the folder, or takes their grant there away (`role: null`).
/// Answers with their role on the folder afterwards (`None` when they have none left there).
pub async fn set_role(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    folder_id: Id,
    user_id: Id,
    change: RoleUpdate,
) -> Result<Option<FolderMember>, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    access.folder(pool, folder_id).await?.require(MANAGE_ROLE)?;
    visibility::person(pool, caller, user_id).await?;

    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    match change.role {
        Some(role) => {
            grants::set_folder_role(&mut *tx, project_id, folder_id, user_id, role, now).await?;
            activation::role_given(&mut tx, user_id, caller.is_admin, now).await?;
        }
        None => {
            if grants::remove_folder_role(&mut *tx, folder_id, user_id).await? {
                activation::role_removed(&mut tx, user_id, now).await?;
            }
        }
    }
    tx.commit().await?;
    tracing::info!(
        project = project_id,
        folder = folder_id,
        user = user_id,
        by = caller.id,
        role = change.role.map_or("none", Role::as_str),
        "changed a folder grant"
    );
    Ok(members_of(pool, project_id, folder_id)
        .await?
        .into_iter()
        .find(|m| m.user.id == user_id))
}
