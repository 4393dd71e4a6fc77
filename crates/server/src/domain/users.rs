//! User accounts as server admins manage them: list, create (or invite), read, change.
//!
//! There is no delete: comments and uploads keep their author, and an account that should no
//! longer work is deactivated (`active: false`), which signs it out everywhere.

use std::collections::BTreeMap;

use rushes_api::users::{CreatedUser, NewUser, User, UserUpdate};
use rushes_api::Id;
use url::Url;

use super::invitations;
use crate::auth::password;
use crate::db::activation::{self, InactiveReason};
use crate::db::time::now_ms;
use crate::db::user_admin::{self, UserFilter};
use crate::db::users::{self, NewUserRow, UserRow};
use crate::db::{is_unique_violation, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::validate;

const DEACTIVATED: &str = "the account is deactivated; reactivate it first";
const OWN_ADMIN: &str = "you cannot remove your own admin rights; ask another admin";
const SELF_DEACTIVATE: &str = "you cannot deactivate yourself";

/// Fails with 403 unless the caller is a server admin.
pub fn require_admin(caller: &UserRow) -> Result<(), ApiError> {
    if caller.is_admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

fn email_taken() -> ApiError {
    ApiError::Validation(BTreeMap::from([(
        "email".to_owned(),
        vec!["has already been taken".to_owned()],
    )]))
}

/// One page of the users matching `filter`, and the total.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    filter: &UserFilter,
    window: Window,
) -> Result<(Vec<User>, i64), ApiError> {
    require_admin(caller)?;
    let rows = user_admin::list(pool, filter, window.limit, window.offset).await?;
    let total = user_admin::count(pool, filter).await?;
    Ok((rows.iter().map(UserRow::to_api).collect(), total))
}

/// Creates a user. With a password they can sign in at once; without one they are invited:
/// the answer carries a one-time link where they choose their password.
pub async fn create(
    pool: &Pool,
    base: &Url,
    caller: &UserRow,
    new: &NewUser,
) -> Result<CreatedUser, ApiError> {
    require_admin(caller)?;
    let mut problems = Problems::default();
    let email = validate::email(&new.email);
    problems.check("email", email.as_ref().map(drop).map_err(|m| *m));
    let email = email.unwrap_or_default();
    let name = match &new.name {
        Some(n) => n.clone(),
        None => email.split('@').next().unwrap_or_default().to_owned(),
    };
    problems.check("name", validate::label(&name));
    if let Some(p) = &new.password {
        problems.check("password", validate::password(p));
    }
    problems.finish()?;

    let hash = match &new.password {
        Some(p) => Some(password::hash(p).await?),
        None => None,
    };
    let row = NewUserRow {
        email: &email,
        name: &name,
        password_hash: hash.as_deref(),
        is_admin: new.is_admin,
    };
    let mut tx = crate::db::begin_write(pool).await?;
    let user = match users::insert(&mut *tx, &row, now_ms()).await {
        Ok(user) => user,
        Err(e) if is_unique_violation(&e) => return Err(email_taken()),
        Err(e) => return Err(e.into()),
    };
    let invitation = match new.password {
        Some(_) => None,
        None => Some(invitations::issue(&mut tx, base, user.id, caller.id).await?),
    };
    tx.commit().await?;
    tracing::info!(
        user = user.id,
        by = caller.id,
        invited = invitation.is_some(),
        "created a user"
    );
    Ok(CreatedUser {
        user: user.to_api(),
        invitation_url: invitation.as_ref().map(|i| i.url.clone()),
        invitation_expires_at: invitation.map(|i| i.expires_at),
    })
}

/// A new invitation link for an existing user who has not chosen a password yet, or whose link
/// expired. Earlier links keep working until they expire or one of them is used.
pub async fn reinvite(
    pool: &Pool,
    base: &Url,
    caller: &UserRow,
    id: Id,
) -> Result<CreatedUser, ApiError> {
    require_admin(caller)?;
    let user = users::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    if !user.active {
        return Err(ApiError::Conflict(DEACTIVATED.into()));
    }
    let mut conn = pool.acquire().await?;
    let invitation = invitations::issue(&mut conn, base, user.id, caller.id).await?;
    Ok(CreatedUser {
        user: user.to_api(),
        invitation_url: Some(invitation.url),
        invitation_expires_at: Some(invitation.expires_at),
    })
}

/// One user: admins see anyone, everyone else only themselves.
pub async fn get(pool: &Pool, caller: &UserRow, id: Id) -> Result<User, ApiError> {
    if caller.id != id {
        require_admin(caller)?;
    }
    let user = users::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    Ok(user.to_api())
}

/// Changes a user. Admins cannot remove their own admin flag or deactivate themselves (409),
/// so a server never loses its last admin by accident. Deactivating revokes every token.
pub async fn update(
    pool: &Pool,
    caller: &UserRow,
    id: Id,
    change: &UserUpdate,
) -> Result<User, ApiError> {
    require_admin(caller)?;
    let target = users::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    if target.id == caller.id {
        if change.is_admin == Some(false) {
            return Err(ApiError::Conflict(OWN_ADMIN.into()));
        }
        if change.active == Some(false) {
            return Err(ApiError::Conflict(SELF_DEACTIVATE.into()));
        }
    }
    let mut problems = Problems::default();
    if let Some(name) = &change.name {
        problems.check("name", validate::label(name));
    }
    let email = match &change.email {
        Some(e) => match validate::email(e) {
            Ok(e) => Some(e),
            Err(m) => {
                problems.check("email", Err(m));
                None
            }
        },
        None => None,
    };
    if let Some(p) = &change.password {
        problems.check("password", validate::password(p));
    }
    problems.finish()?;
    let hash = match &change.password {
        Some(p) => Some(password::hash(p).await?),
        None => None,
    };

    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    let profile = user_admin::update_profile(
        &mut *tx,
        id,
        change.name.as_deref(),
        email.as_deref(),
        change.is_admin,
        now,
    )
    .await;
    match profile {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => return Err(email_taken()),
        Err(e) => return Err(e.into()),
    }
    if let Some(hash) = &hash {
        user_admin::set_password_hash(&mut tx, id, hash, now).await?;
        // A password is set: an open invitation must not set another one.
        crate::db::invitations::close_all(&mut *tx, id, now).await?;
    }
    match change.active {
        // Also when it is off for lack of roles already: from now on it is an admin's
        // decision, which a new role does not undo.
        Some(false) => activation::deactivate(&mut tx, id, InactiveReason::Admin, now).await?,
        Some(true) if !target.active => activation::activate(&mut tx, id, now).await?,
        _ => {}
    }
    let user = users::by_id(&mut *tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    tracing::info!(user = id, by = caller.id, "updated a user");
    Ok(user.to_api())
}
