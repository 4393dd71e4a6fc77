//! A user's whole set of grants across the server (`GET,PUT /api/users/{uid}/roles`).
//!
//! Replacing is all or nothing: every entry is checked first (each problem named by its index),
//! then the old set is deleted and the new one written in one transaction. Replacing with an
//! empty set deactivates the account (unless it is an admin's); a non-empty set reactivates
//! one that was off for lack of roles. Only server admins replace, so the last-manager rule of
//! the member endpoints does not apply here.

use std::collections::HashSet;

use rushes_api::members::UserGrant;
use rushes_api::Id;

use super::activation;
use super::users::require_admin;
use crate::db::grants;
use crate::db::time::now_ms;
use crate::db::users::{self, UserRow};
use crate::db::{folders, projects, Pool};
use crate::error::{ApiError, Problems};

/// Every grant of user `id`: admins ask about anyone, everyone else only about themselves.
pub async fn get(pool: &Pool, caller: &UserRow, id: Id) -> Result<Vec<UserGrant>, ApiError> {
    if caller.id != id {
        require_admin(caller)?;
    }
    users::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    Ok(grants::of_user(pool, id).await?)
}

/// Checks every entry: the project exists, the folder (if any) is in it, no place twice.
async fn check(pool: &Pool, wanted: &[UserGrant]) -> Result<(), ApiError> {
    let mut problems = Problems::default();
    let mut seen = HashSet::new();
    for (i, g) in wanted.iter().enumerate() {
        let field = format!("roles[{i}]");
        if projects::by_id(pool, g.project_id).await?.is_none() {
            problems.check(&field, Err("names a project that does not exist"));
            continue;
        }
        if let Some(fid) = g.folder_id {
            if folders::by_id(pool, g.project_id, fid).await?.is_none() {
                problems.check(&field, Err("names a folder that is not in that project"));
                continue;
            }
        }
        if !seen.insert((g.project_id, g.folder_id)) {
            problems.check(&field, Err("repeats an earlier entry's project and folder"));
        }
    }
    problems.finish()
}

/// Replaces every grant of user `id` with `wanted`; answers with the new set.
pub async fn replace(
    pool: &Pool,
    caller: &UserRow,
    id: Id,
    wanted: &[UserGrant],
) -> Result<Vec<UserGrant>, ApiError> {
    require_admin(caller)?;
    users::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    check(pool, wanted).await?;

    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    grants::remove_all(&mut tx, id).await?;
    for g in wanted {
        match g.folder_id {
            None => grants::set_project_role(&mut *tx, g.project_id, id, g.role, now).await?,
            Some(fid) => {
                grants::set_folder_role(&mut *tx, g.project_id, fid, id, g.role, now).await?;
            }
        }
    }
    if wanted.is_empty() {
        activation::role_removed(&mut tx, id, now).await?;
    } else {
        // Only admins get here (`require_admin` above).
        activation::role_given(&mut tx, id, true, now).await?;
    }
    let result = grants::of_user(&mut *tx, id).await?;
    tx.commit().await?;
    tracing::info!(
        user = id,
        by = caller.id,
        grants = wanted.len(),
        "replaced a user's roles"
    );
    Ok(result)
}
