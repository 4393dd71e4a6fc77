//! api.video's flow: an API key is exchanged for a token pair (`POST /auth/api-key`).

use rushes_api::auth::TokenResponse;

use super::secret_hash::{self, Verdict};
use super::{api_key, issue, TokenSettings};
use crate::db::rehash::{rehash, Hashed};
use crate::db::time::now_ms;
use crate::db::{api_keys, users, Pool};
use crate::error::ApiError;

const REJECTED: &str = "the API key is not valid";

/// Verifies `presented` and starts a new token family for its owner.
///
/// The check is a SHA-256 comparison (see [`secret_hash`]), so made-up keys cost the server next
/// to nothing; a key stored as argon2 by an older server is rehashed on its first use.
pub async fn exchange_api_key(
    pool: &Pool,
    settings: &TokenSettings,
    presented: &str,
) -> Result<TokenResponse, ApiError> {
    let prefix = api_key::public_prefix(presented).ok_or(ApiError::Unauthorized(REJECTED))?;
    let Some(key) = api_keys::live_by_prefix(pool, prefix).await? else {
        return Err(ApiError::Unauthorized(REJECTED));
    };
    let verdict = secret_hash::verify(presented, &key.secret_hash).await?;
    if !verdict.matched() {
        return Err(ApiError::Unauthorized(REJECTED));
    }
    let user = users::by_id(pool, key.user_id).await?;
    if !user.is_some_and(|u| u.active) {
        return Err(ApiError::Unauthorized(REJECTED));
    }

    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    api_keys::touch(&mut *tx, key.id, now).await?;
    if let Verdict::MatchRehash(new) = &verdict {
        rehash(&mut *tx, Hashed::ApiKeys, key.id, &key.secret_hash, new).await?;
        tracing::info!(key = key.id, "rehashed an API key stored as argon2");
    }
    let family = issue::new_family();
    let origin = issue::Origin {
        api_key_id: Some(key.id),
        oauth_app_id: None,
    };
    let pair = issue::pair(&mut tx, settings, key.user_id, &family, origin, now).await?;
    tx.commit().await?;
    Ok(pair)
}
