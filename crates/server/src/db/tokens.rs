//! The `tokens` table: access and refresh tokens, stored as SHA-256 hex of the token.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

/// Which of the two a token row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Refresh => "refresh",
        }
    }
}

/// A token to store.
pub struct NewToken<'a> {
    pub kind: TokenKind,
    pub hash: &'a str,
    pub user_id: Id,
    pub family_id: &'a str,
    pub api_key_id: Option<Id>,
    /// The OAuth app the family was obtained through.
    pub oauth_app_id: Option<Id>,
    pub expires_at: i64,
}

/// What a successfully claimed refresh token grants: a new pair in the same family.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedRefresh {
    pub user_id: Id,
    pub family_id: String,
    pub api_key_id: Option<Id>,
    pub oauth_app_id: Option<Id>,
}

/// The state of a refresh token that could not be claimed, to tell reuse from expiry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshState {
    pub family_id: String,
    pub used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// Stores a token.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    t: &NewToken<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tokens (kind, token_hash, user_id, family_id, api_key_id, oauth_app_id, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(t.kind.as_str())
    .bind(t.hash)
    .bind(t.user_id)
    .bind(t.family_id)
    .bind(t.api_key_id)
    .bind(t.oauth_app_id)
    .bind(now)
    .bind(t.expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// The user a live access token belongs to.
pub async fn access_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    now: i64,
) -> Result<Option<Id>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM tokens \
         WHERE token_hash = $1 AND kind = 'access' AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(hash)
    .bind(now)
    .fetch_optional(ex)
    .await
}

/// Marks a live refresh token as used and returns what it grants, in one statement, so two
/// concurrent refreshes with the same token cannot both succeed.
pub async fn claim_refresh<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    now: i64,
) -> Result<Option<ClaimedRefresh>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE tokens SET used_at = $1 \
         WHERE token_hash = $2 AND kind = 'refresh' AND used_at IS NULL \
           AND revoked_at IS NULL AND expires_at > $1 \
         RETURNING user_id, family_id, api_key_id, oauth_app_id",
    )
    .bind(now)
    .bind(hash)
    .fetch_optional(ex)
    .await
}

/// A refresh token's state, whatever it is.
pub async fn refresh_state<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
) -> Result<Option<RefreshState>, sqlx::Error> {
    sqlx::query_as(
        "SELECT family_id, used_at, revoked_at FROM tokens \
         WHERE token_hash = $1 AND kind = 'refresh'",
    )
    .bind(hash)
    .fetch_optional(ex)
    .await
}

/// Revokes every live token of a family; returns how many.
pub async fn revoke_family<'c>(
    ex: impl Executor<'c, Database = Db>,
    family_id: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(family_id)
        .execute(ex)
        .await
        .map(|r| r.rows_affected())
}

/// Any token, whatever its kind and state, for revocation (RFC 7009).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenInfo {
    pub kind: String,
    pub family_id: String,
    pub oauth_app_id: Option<Id>,
}

/// The token with this hash.
pub async fn info<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
) -> Result<Option<TokenInfo>, sqlx::Error> {
    sqlx::query_as("SELECT kind, family_id, oauth_app_id FROM tokens WHERE token_hash = $1")
        .bind(hash)
        .fetch_optional(ex)
        .await
}

/// Revokes one token.
pub async fn revoke_one<'c>(
    ex: impl Executor<'c, Database = Db>,
    hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(hash)
        .execute(ex)
        .await
        .map(drop)
}

/// Revokes every live token `user_id` obtained through OAuth app `app_id`; returns how many.
pub async fn revoke_for_app<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    app_id: Id,
    now: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE tokens SET revoked_at = $1 \
         WHERE user_id = $2 AND oauth_app_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(app_id)
    .execute(ex)
    .await
    .map(|r| r.rows_affected())
}
