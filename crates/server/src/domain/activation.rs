//! Keeping `users.active` in step with a user's roles: removing someone's last role
//! deactivates them (docs/architecture/api.md: users are never deleted), and a new role given by
//! a server admin reactivates them, unless an admin switched the account off, which only an
//! admin undoes through the user itself.
//!
//! A role from anyone else does not switch an account back on: anyone may create a project and
//! manage it, and reactivating revives the account's API keys, so otherwise any user could
//! bring back someone a manager had just offboarded. The role is kept; an admin decides.

use rushes_api::Id;

use crate::db::activation::{self, InactiveReason};
use crate::db::{grants, users, Db};

/// After a role was given to `user_id`: when `by_admin`, switch the account back on if it was
/// off only for lack of roles.
pub async fn role_given(
    conn: &mut <Db as sqlx::Database>::Connection,
    user_id: Id,
    by_admin: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    if activation::inactive_reason(conn, user_id).await? != Some(InactiveReason::NoRoles) {
        return Ok(());
    }
    if by_admin {
        activation::activate(conn, user_id, now).await?;
        tracing::info!(
            user = user_id,
            "reactivated: given a role again by an admin"
        );
    } else {
        tracing::info!(
            user = user_id,
            "given a role while deactivated; stays off until an admin reactivates it"
        );
    }
    Ok(())
}

/// After a role of `user_id` was taken away: deactivate them when none is left. Server admins
/// are exempt: their rights do not come from roles.
pub async fn role_removed(
    conn: &mut <Db as sqlx::Database>::Connection,
    user_id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(user) = users::by_id(&mut *conn, user_id).await? else {
        return Ok(());
    };
    if user.is_admin || !user.active || grants::has_any(&mut *conn, user_id).await? {
        return Ok(());
    }
    activation::deactivate(conn, user_id, InactiveReason::NoRoles, now).await?;
    tracing::info!(
        user = user_id,
        "deactivated: their last role was taken away"
    );
    Ok(())
}
