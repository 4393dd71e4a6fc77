//! Issuing a token pair: one access token and one refresh token in a family.

use rushes_api::auth::TokenResponse;
use rushes_api::Id;

use super::secret::{new_token, sha256_hex};
use super::TokenSettings;
use crate::db::time::after_ms;
use crate::db::tokens::{self, NewToken, TokenKind};
use crate::db::Db;
use crate::random::random_string;

/// A new family id: every token issued from one sign-in carries it.
pub fn new_family() -> String {
    random_string(16)
}

/// What a family was obtained with: it is revoked when that credential goes away.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin {
    /// The API key exchanged for it.
    pub api_key_id: Option<Id>,
    /// The OAuth app it was granted to.
    pub oauth_app_id: Option<Id>,
}

/// Stores and returns a fresh pair for `user_id` in `family_id`. Run it inside the transaction
/// that consumed the credential, so a failure leaves nothing half-issued.
pub async fn pair(
    conn: &mut <Db as sqlx::Database>::Connection,
    settings: &TokenSettings,
    user_id: Id,
    family_id: &str,
    origin: Origin,
    now: i64,
) -> Result<TokenResponse, sqlx::Error> {
    let access = new_token();
    let refresh = new_token();
    for (kind, token, ttl) in [
        (TokenKind::Access, &access, settings.access_ttl),
        (TokenKind::Refresh, &refresh, settings.refresh_ttl),
    ] {
        let hash = sha256_hex(token);
        let row = NewToken {
            kind,
            hash: &hash,
            user_id,
            family_id,
            api_key_id: origin.api_key_id,
            oauth_app_id: origin.oauth_app_id,
            expires_at: after_ms(now, ttl),
        };
        tokens::insert(&mut *conn, &row, now).await?;
    }
    Ok(TokenResponse {
        token_type: "Bearer".into(),
        expires_in: settings.access_ttl.as_secs(),
        access_token: access,
        refresh_token: refresh,
    })
}
