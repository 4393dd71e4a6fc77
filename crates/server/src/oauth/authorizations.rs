//! The apps a user authorized (`/api/authorizations`): seeing them, and withdrawing consent,
//! which ends every token the app holds for that user.

use rushes_api::oauth::Authorization;
use rushes_api::Id;

use crate::db::oauth_authorizations::{self, AuthorizationRow};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{oauth_codes, tokens, Pool, Window};
use crate::error::ApiError;

/// One page of the caller's authorizations, and the total.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    window: Window,
) -> Result<(Vec<Authorization>, i64), ApiError> {
    let rows =
        oauth_authorizations::list_for_user(pool, caller.id, window.limit, window.offset).await?;
    let total = oauth_authorizations::count_for_user(pool, caller.id).await?;
    Ok((rows.iter().map(AuthorizationRow::to_api).collect(), total))
}

/// Withdraws authorization `id` of the caller: the consent, pending codes and every token of
/// that app for the caller. Someone else's authorization is not found.
pub async fn withdraw(pool: &Pool, caller: &UserRow, id: Id) -> Result<(), ApiError> {
    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    let app_id = oauth_authorizations::delete(&mut *tx, caller.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    oauth_codes::delete_for(&mut *tx, caller.id, app_id).await?;
    let revoked = tokens::revoke_for_app(&mut *tx, caller.id, app_id, now).await?;
    tx.commit().await?;
    tracing::info!(app = app_id, revoked, "authorization withdrawn");
    Ok(())
}
