//! Access tokens for one server connection: obtained from a long-lived credential, renewed
//! before they expire, and refreshed at most once at a time however many tasks need one.

use std::time::{Duration, Instant};

use rushes_api::auth::{ApiKeyExchange, RefreshRequest, TokenResponse};
use tokio::sync::Mutex;
use url::Url;

use crate::api::http::decode_plain;
use crate::{ClientError, Secret};

/// Renew when less than this share of a token's lifetime is left...
const RENEW_FRACTION: u32 = 10;
/// ...or less than this, whichever is smaller.
const RENEW_MARGIN: Duration = Duration::from_secs(30);

/// The long-lived credential a connection signs in with.
enum Credential {
    /// api.video's flow: `POST /auth/api-key`.
    ApiKey(Secret),
}

struct Tokens {
    access: Secret,
    refresh: Option<Secret>,
    renew_at: Instant,
}

/// Hands out valid access tokens for one server.
///
/// The lock is held while a token is being obtained, so when many workers find the token
/// expired (or get a 401) at once, exactly one request goes to the server and the others wait
/// for its result.
pub struct TokenSource {
    http: reqwest::Client,
    base: Url,
    credential: Credential,
    tokens: Mutex<Option<Tokens>>,
}

impl TokenSource {
    /// A token source that signs in with an API key.
    pub fn from_api_key(http: reqwest::Client, base: Url, api_key: Secret) -> Self {
        Self {
            http,
            base,
            credential: Credential::ApiKey(api_key),
            tokens: Mutex::new(None),
        }
    }

    /// A currently valid access token, renewing it first when it is about to expire.
    pub async fn access_token(&self) -> Result<Secret, ClientError> {
        let mut guard = self.tokens.lock().await;
        if let Some(t) = guard.as_ref() {
            if Instant::now() < t.renew_at {
                return Ok(t.access.clone());
            }
        }
        let refresh = guard.as_ref().and_then(|t| t.refresh.clone());
        let fresh = self.renew(refresh).await?;
        let access = fresh.access.clone();
        *guard = Some(fresh);
        Ok(access)
    }

    /// Called when the server rejected `rejected`: forget it, unless another task has already
    /// replaced it, so the next [`Self::access_token`] renews exactly once.
    pub async fn invalidate(&self, rejected: &Secret) {
        let mut guard = self.tokens.lock().await;
        if let Some(t) = guard.as_mut() {
            if &t.access == rejected {
                t.renew_at = Instant::now();
            }
        }
    }

    /// Uses the refresh token when there is one; falls back to the credential when the server
    /// no longer accepts it (expired, revoked, or the server's data was reset).
    async fn renew(&self, refresh: Option<Secret>) -> Result<Tokens, ClientError> {
        if let Some(refresh) = refresh {
            let body = RefreshRequest {
                refresh_token: refresh.expose().to_owned(),
            };
            match self.post_token("auth/refresh", &body).await {
                Ok(t) => return Ok(t),
                Err(e) if e.is_unauthorized() => {
                    tracing::info!("refresh token rejected; signing in again with the credential")
                }
                Err(e) => return Err(e),
            }
        }
        match &self.credential {
            Credential::ApiKey(key) => {
                let body = ApiKeyExchange {
                    api_key: key.expose().to_owned(),
                };
                self.post_token("auth/api-key", &body).await
            }
        }
    }

    async fn post_token<B: serde::Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Tokens, ClientError> {
        let url = self.base.join(path)?;
        let started = Instant::now();
        let resp = self.http.post(url).json(body).send().await?;
        let t: TokenResponse = decode_plain(resp).await?;
        let lifetime = Duration::from_secs(t.expires_in);
        let margin = RENEW_MARGIN.min(lifetime / RENEW_FRACTION);
        Ok(Tokens {
            access: Secret::new(t.access_token),
            refresh: Some(Secret::new(t.refresh_token)),
            renew_at: started + lifetime.saturating_sub(margin),
        })
    }
}
