//! Invitations: a user created without a password gets a one-time link, valid for seven days,
//! where they choose one. Only the link's hash is stored; the link itself is in the answer to
//! the admin who invited them and nowhere else.

use std::time::Duration;

use rushes_api::{Id, Timestamp};
use url::Url;

use crate::auth::password;
use crate::auth::secret::{new_token, sha256_hex};
use crate::db::time::{after_ms, now_ms, to_timestamp};
use crate::db::users::UserRow;
use crate::db::{invitations, user_admin, users, Db, Pool};
use crate::error::ApiError;
use crate::validate;

/// How long an invitation link works.
pub const INVITATION_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// The path of the invitation page under the server's public URL.
pub const INVITE_PATH: &str = "invite";

/// A fresh invitation: the link to send, and until when it works.
#[derive(Debug)]
pub struct Invitation {
    pub url: String,
    pub expires_at: Timestamp,
}

/// Stores an invitation for `user_id` and returns its link under `base`.
pub async fn issue(
    conn: &mut <Db as sqlx::Database>::Connection,
    base: &Url,
    user_id: Id,
    created_by: Id,
) -> Result<Invitation, ApiError> {
    let token = new_token();
    let now = now_ms();
    let expires = after_ms(now, INVITATION_TTL);
    invitations::insert(
        &mut *conn,
        user_id,
        &sha256_hex(&token),
        created_by,
        now,
        expires,
    )
    .await?;
    let mut url = base
        .join(INVITE_PATH)
        .map_err(|e| ApiError::Internal(format!("invitation URL: {e}")))?;
    url.query_pairs_mut().append_pair("token", &token);
    Ok(Invitation {
        url: url.into(),
        expires_at: to_timestamp(expires),
    })
}

/// The active user a live invitation token is for.
pub async fn invitee(pool: &Pool, token: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let Some(id) = invitations::live_user(pool, &sha256_hex(token), now_ms()).await? else {
        return Ok(None);
    };
    Ok(users::by_id(pool, id).await?.filter(|u| u.active))
}

/// Why accepting an invitation failed.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    /// Unknown, used, expired, or its account was deactivated.
    #[error("the invitation does not work any more")]
    Gone,
    /// The password breaks the rules; the message says which.
    #[error("the password {0}")]
    Password(&'static str),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("hashing: {0}")]
    Hash(#[from] password::HashError),
}

/// Sets the invited user's password and uses the invitation (and any other open one of theirs)
/// up. Returns the user.
pub async fn accept(pool: &Pool, token: &str, secret: &str) -> Result<UserRow, AcceptError> {
    validate::password(secret).map_err(AcceptError::Password)?;
    // Hash only for a link that works, so junk links cost no argon2 time.
    if invitee(pool, token).await?.is_none() {
        return Err(AcceptError::Gone);
    }
    let hash = password::hash(secret).await?;
    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    let Some(user_id) = invitations::claim(&mut *tx, &sha256_hex(token), now).await? else {
        return Err(AcceptError::Gone);
    };
    let user = users::by_id(&mut *tx, user_id)
        .await?
        .filter(|u| u.active)
        .ok_or(AcceptError::Gone)?;
    user_admin::set_password_hash(&mut tx, user_id, &hash, now).await?;
    invitations::close_all(&mut *tx, user_id, now).await?;
    tx.commit().await?;
    tracing::info!(
        user = user_id,
        "accepted an invitation and chose a password"
    );
    Ok(user)
}
