//! Rotating refresh tokens (`POST /auth/refresh`, and `grant_type=refresh_token` on
//! `POST /oauth/token`).
//!
//! Each refresh token works once and is replaced by a new one in the same family. If a used one
//! comes back, either the legitimate client or a thief holds a copy; the server cannot tell which,
//! so it revokes the whole family and both must sign in again (RFC 6819 5.2.2.3, OAuth 2.0 BCP).

use rushes_api::auth::TokenResponse;
use rushes_api::Id;

use super::secret::sha256_hex;
use super::{issue, TokenSettings};
use crate::db::time::now_ms;
use crate::db::{oauth_apps, tokens, users, Pool};
use crate::error::ApiError;

const REJECTED: &str = "the refresh token is not valid";
const REUSED: &str = "the refresh token was already used; sign in again";

/// Which client may present the token.
#[derive(Debug, Clone, Copy)]
pub enum Presenter {
    /// `/auth/refresh`: whoever holds the token, for families without a confidential client
    /// (API-key families have no client; public apps have no secret to prove anything with).
    /// A confidential app's token is refused here: refreshing it takes the app's secret
    /// (RFC 6749 6), or a stolen refresh token alone would outlive the app's credentials.
    Anyone,
    /// `/oauth/token`: only the OAuth app the token was issued to (RFC 6749 6).
    App(Id),
}

/// Why a refresh failed.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// Unknown, expired, revoked, issued to another client, or its user is deactivated.
    #[error("{REJECTED}")]
    Invalid,
    /// Used before: its family has just been revoked.
    #[error("{REUSED}")]
    Reused,
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl From<RefreshError> for ApiError {
    fn from(e: RefreshError) -> Self {
        match e {
            RefreshError::Invalid => ApiError::Unauthorized(REJECTED),
            RefreshError::Reused => ApiError::Unauthorized(REUSED),
            RefreshError::Database(e) => e.into(),
        }
    }
}

/// `POST /auth/refresh`: exchanges a refresh token for a new pair.
pub async fn refresh(
    pool: &Pool,
    settings: &TokenSettings,
    presented: &str,
) -> Result<TokenResponse, ApiError> {
    Ok(rotate(pool, settings, presented, Presenter::Anyone).await?)
}

/// Exchanges a refresh token for a new pair, or revokes its family when it was used before.
pub async fn rotate(
    pool: &Pool,
    settings: &TokenSettings,
    presented: &str,
    presenter: Presenter,
) -> Result<TokenResponse, RefreshError> {
    let hash = sha256_hex(presented);
    let now = now_ms();
    // The first statement writes, so SQLite takes the write lock at once and concurrent
    // refreshes queue instead of failing on a stale snapshot.
    let mut tx = crate::db::begin_write(pool).await?;

    if let Some(claim) = tokens::claim_refresh(&mut *tx, &hash, now).await? {
        let allowed = match (presenter, claim.oauth_app_id) {
            (Presenter::App(id), owner) => owner == Some(id),
            (Presenter::Anyone, None) => true,
            (Presenter::Anyone, Some(app)) => oauth_apps::by_id(&mut *tx, app)
                .await?
                .is_some_and(|a| a.is_public),
        };
        if !allowed {
            // Rolled back: a token refused here is neither used nor revoked by this.
            return Err(RefreshError::Invalid);
        }
        let active = users::by_id(&mut *tx, claim.user_id)
            .await?
            .is_some_and(|u| u.active);
        if !active {
            tx.commit().await?;
            return Err(RefreshError::Invalid);
        }
        let origin = issue::Origin {
            api_key_id: claim.api_key_id,
            oauth_app_id: claim.oauth_app_id,
        };
        let pair = issue::pair(
            &mut tx,
            settings,
            claim.user_id,
            &claim.family_id,
            origin,
            now,
        )
        .await?;
        tx.commit().await?;
        return Ok(pair);
    }

    let state = tokens::refresh_state(&mut *tx, &hash).await?;
    if let Some(state) = state.filter(|s| s.used_at.is_some() && s.revoked_at.is_none()) {
        let revoked = tokens::revoke_family(&mut *tx, &state.family_id, now).await?;
        tx.commit().await?;
        tracing::warn!(
            family = %state.family_id,
            revoked,
            "a used refresh token was presented again; revoked its token family"
        );
        return Err(RefreshError::Reused);
    }
    Err(RefreshError::Invalid)
}
