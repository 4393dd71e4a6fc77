//! api.video's flow: an API key is exchanged for a token pair (`POST /auth/api-key`).

use rushes_api::auth::TokenResponse;

use super::{api_key, issue, password, TokenSettings};
use crate::db::time::now_ms;
use crate::db::{api_keys, users, Pool};
use crate::http::ApiError;

const REJECTED: &str = "the API key is not valid";

/// Verifies `presented` and starts a new token family for its owner.
///
/// Unknown prefixes cost one argon2 verification too, so timing does not tell which keys exist.
pub async fn exchange_api_key(
    pool: &Pool,
    settings: &TokenSettings,
    presented: &str,
) -> Result<TokenResponse, ApiError> {
    let prefix = api_key::public_prefix(presented).ok_or(ApiError::Unauthorized(REJECTED))?;
    let Some(key) = api_keys::live_by_prefix(pool, prefix).await? else {
        password::burn(presented).await?;
        return Err(ApiError::Unauthorized(REJECTED));
    };
    if !password::verify(presented, &key.secret_hash).await? {
        return Err(ApiError::Unauthorized(REJECTED));
    }
    let user = users::by_id(pool, key.user_id).await?;
    if !user.is_some_and(|u| u.active) {
        return Err(ApiError::Unauthorized(REJECTED));
    }

    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    api_keys::touch(&mut *tx, key.id, now).await?;
    let family = issue::new_family();
    let origin = issue::Origin {
        api_key_id: Some(key.id),
        oauth_app_id: None,
    };
    let pair = issue::pair(&mut tx, settings, key.user_id, &family, origin, now).await?;
    tx.commit().await?;
    Ok(pair)
}
