//! The caller's own API keys (`/api/api-keys`): list, create, delete.
//!
//! Keys are personal: nobody, not even an admin, sees or deletes another person's keys here, and
//! a key of someone else is answered as not found so ids reveal nothing. Deleting a key deletes
//! every token obtained with it, so a leaked key's sessions end with it.
//!
//! [`insert`] is the one way a key is made, here and from the command line.

use rushes_api::auth::{ApiKey, CreatedApiKey};
use rushes_api::Id;

use super::{api_key, secret_hash};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{api_keys, is_unique_violation, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::validate;

/// Prefix collisions are astronomically rare; give up rather than loop on a broken database.
const KEY_ATTEMPTS: usize = 3;

/// One page of the caller's keys, and the total. Never a secret or a hash.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    window: Window,
) -> Result<(Vec<ApiKey>, i64), ApiError> {
    let rows = api_keys::list_for_user(pool, caller.id, window.limit, window.offset).await?;
    let total = api_keys::count_for_user(pool, caller.id).await?;
    Ok((rows.iter().map(|r| r.to_api()).collect(), total))
}

/// Creates a key for the caller; the secret is in this answer and nowhere else.
pub async fn create(pool: &Pool, caller: &UserRow, name: &str) -> Result<CreatedApiKey, ApiError> {
    let mut problems = Problems::default();
    problems.check("name", validate::label(name));
    problems.finish()?;
    let created = insert(pool, caller.id, name).await?;
    tracing::info!(user = caller.id, prefix = %created.key.prefix, "created an API key");
    Ok(created)
}

/// Draws a key for `user_id` and stores its hash; `name` must already be valid. Shared by the
/// command line and `POST /api/api-keys`, so both make keys the same way.
pub async fn insert(pool: &Pool, user_id: Id, name: &str) -> Result<CreatedApiKey, sqlx::Error> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let key = api_key::generate();
        let hash = secret_hash::hash(&key.secret);
        match api_keys::insert(pool, user_id, name, &key.prefix, &hash, now_ms()).await {
            Ok(row) => {
                return Ok(CreatedApiKey {
                    key: row.to_api(),
                    secret: key.secret,
                });
            }
            Err(e) if is_unique_violation(&e) && attempt < KEY_ATTEMPTS => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Deletes one of the caller's keys and, through the foreign key, every token it issued.
pub async fn delete(pool: &Pool, caller: &UserRow, id: Id) -> Result<(), ApiError> {
    if !api_keys::delete_owned(pool, caller.id, id).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(
        user = caller.id,
        key = id,
        "deleted an API key and its tokens"
    );
    Ok(())
}
