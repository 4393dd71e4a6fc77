//! Token revocation (RFC 7009, `POST /oauth/revoke`).
//!
//! Revoking a refresh token ends its whole family, access tokens included (RFC 7009 2.1);
//! revoking an access token ends that token. Unknown tokens, and tokens issued to another app,
//! are answered like successes and left alone, so the endpoint tells nothing about tokens that
//! are not the caller's.

use crate::auth::secret::sha256_hex;
use crate::db::oauth_apps::OAuthAppRow;
use crate::db::time::now_ms;
use crate::db::{tokens, Pool};

/// Revokes `token` if `app` may: it was issued to `app`, or to no app (an API-key sign-in,
/// which any holder may end).
pub async fn revoke(pool: &Pool, app: &OAuthAppRow, token: &str) -> Result<(), sqlx::Error> {
    let hash = sha256_hex(token);
    let Some(info) = tokens::info(pool, &hash).await? else {
        return Ok(());
    };
    if info.oauth_app_id.is_some_and(|id| id != app.id) {
        tracing::debug!(client = %app.client_id, "ignored revocation of another app's token");
        return Ok(());
    }
    let now = now_ms();
    if info.kind == "refresh" {
        tokens::revoke_family(pool, &info.family_id, now).await?;
    } else {
        tokens::revoke_one(pool, &hash, now).await?;
    }
    Ok(())
}
