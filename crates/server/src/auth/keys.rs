//! The caller's own API keys (`/api/api-keys`): list, create, delete.
//!
//! Keys are personal: nobody, not even an admin, sees or deletes another person's keys here, and
//! a key of someone else is answered as not found so ids reveal nothing. Deleting a key deletes
//! every token obtained with it, so a leaked key's sessions end with it.

use rushes_api::auth::{ApiKey, CreatedApiKey};
use rushes_api::Id;

use crate::accounts::insert_api_key;
use crate::db::users::UserRow;
use crate::db::{api_keys, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::{validate, ServerError};

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
    let created = insert_api_key(pool, caller.id, name)
        .await
        .map_err(|e| match e {
            ServerError::Database(e) => ApiError::from(e),
            other => ApiError::Internal(other.to_string()),
        })?;
    tracing::info!(user = caller.id, prefix = %created.key.prefix, "created an API key");
    Ok(created)
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
