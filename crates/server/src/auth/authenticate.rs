//! Resolving a presented access token to its user.

use super::secret::sha256_hex;
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{tokens, users, Pool};

/// The active user a live access token belongs to; `None` for unknown, expired or revoked
/// tokens and deactivated users alike.
pub async fn authenticate(pool: &Pool, token: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let Some(user_id) = tokens::access_user(pool, &sha256_hex(token), now_ms()).await? else {
        return Ok(None);
    };
    Ok(users::by_id(pool, user_id).await?.filter(|u| u.active))
}
