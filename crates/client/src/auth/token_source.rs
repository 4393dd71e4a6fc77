//! Access tokens for one server connection: obtained from a long-lived credential, renewed
//! before they expire, and refreshed at most once at a time however many tasks need one.
//!
//! One `Arc<TokenSource>` per connection is shared by everything that talks to that server (the
//! API client now, the transfer engine later), so they all see one refresh in flight and one
//! signed-out state.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rushes_api::auth::{ApiKeyExchange, RefreshRequest, TokenResponse};
use tokio::sync::{watch, Mutex};
use url::Url;

use crate::api::http::decode_plain;
use crate::oauth::{IssuedTokens, OAuthClient};
use crate::{ClientError, Secret};

/// Renew when less than this share of a token's lifetime is left...
const RENEW_FRACTION: u32 = 10;
/// ...or less than this, whichever is smaller.
const RENEW_MARGIN: Duration = Duration::from_secs(30);

/// Keeps a rotated refresh token (in the keychain). Blocking: it runs off the async threads.
pub type RefreshSink = Arc<dyn Fn(&Secret) -> Result<(), ClientError> + Send + Sync>;

/// How a connection gets and renews tokens.
enum Credential {
    /// api.video's flow: `POST /auth/api-key`, refreshed at `/auth/refresh`.
    ApiKey(Secret),
    /// Tokens of an OAuth client, refreshed at the token endpoint. With `auth_string` (client
    /// credentials) a dead refresh token is replaced by a new grant; without (the browser
    /// flow) the person has to sign in again.
    OAuth {
        client: Box<OAuthClient>,
        auth_string: Option<Secret>,
    },
}

#[derive(Default)]
struct Tokens {
    access: Option<(Secret, Instant)>,
    refresh: Option<Secret>,
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
    tokens: Mutex<Tokens>,
    sink: Option<RefreshSink>,
    /// `Some(reason)` once the server refused every way this source has to get a token.
    sign_in_required: watch::Sender<Option<String>>,
    /// Tokens obtained so far (the first one included): how often the server was asked.
    renewals: AtomicU64,
}

impl TokenSource {
    /// A token source that signs in with an API key.
    pub fn from_api_key(http: reqwest::Client, base: Url, api_key: Secret) -> Self {
        Self::new(http, base, Credential::ApiKey(api_key))
    }

    /// A token source for tokens of an OAuth client, starting from a stored refresh token or a
    /// freshly issued pair. `auth_string` enables client credentials as the fallback.
    pub fn from_oauth(
        http: reqwest::Client,
        base: Url,
        client: OAuthClient,
        auth_string: Option<Secret>,
    ) -> Self {
        Self::new(
            http,
            base,
            Credential::OAuth {
                client: Box::new(client),
                auth_string,
            },
        )
    }

    fn new(http: reqwest::Client, base: Url, credential: Credential) -> Self {
        Self {
            http,
            base,
            credential,
            tokens: Mutex::new(Tokens::default()),
            sink: None,
            sign_in_required: watch::Sender::new(None),
            renewals: AtomicU64::new(0),
        }
    }

    /// Starts from `issued` (just obtained) instead of asking the server first.
    pub fn with_issued(mut self, issued: IssuedTokens) -> Self {
        *self.tokens.get_mut() = to_tokens(issued, Instant::now());
        self
    }

    /// Starts from a stored refresh token.
    pub fn with_refresh_token(mut self, refresh: Secret) -> Self {
        self.tokens.get_mut().refresh = Some(refresh);
        self
    }

    /// Calls `sink` with every new refresh token, so the stored one is never a used (and hence
    /// family-revoking) token.
    pub fn with_refresh_sink(mut self, sink: RefreshSink) -> Self {
        self.sink = Some(sink);
        self
    }

    /// Why the person has to sign in again, once that is so; watchable for the UI.
    pub fn sign_in_required(&self) -> watch::Receiver<Option<String>> {
        self.sign_in_required.subscribe()
    }

    /// How many access tokens this source has obtained from the server so far.
    pub fn renewals(&self) -> u64 {
        self.renewals.load(Ordering::Relaxed)
    }

    /// The current refresh token, for revoking it at sign-out.
    pub async fn refresh_token(&self) -> Option<Secret> {
        self.tokens.lock().await.refresh.clone()
    }

    /// A currently valid access token, renewing it first when it is about to expire.
    pub async fn access_token(&self) -> Result<Secret, ClientError> {
        let mut guard = self.tokens.lock().await;
        if let Some((access, renew_at)) = &guard.access {
            if Instant::now() < *renew_at {
                return Ok(access.clone());
            }
        }
        let refresh = guard.refresh.clone();
        let fresh = match self.renew(refresh).await {
            Ok(fresh) => fresh,
            Err(e) => {
                if let ClientError::SignInRequired(reason) = &e {
                    *guard = Tokens::default();
                    self.sign_in_required.send_replace(Some(reason.clone()));
                }
                return Err(e);
            }
        };
        if let (Some(sink), Some(refresh)) = (&self.sink, &fresh.refresh) {
            if fresh.refresh != guard.refresh {
                store(sink.clone(), refresh.clone()).await?;
            }
        }
        let access = fresh.access.as_ref().map(|(a, _)| a.clone());
        *guard = fresh;
        self.renewals.fetch_add(1, Ordering::Relaxed);
        self.sign_in_required.send_replace(None);
        access.ok_or_else(|| ClientError::Decode("the server sent no access token".into()))
    }

    /// Called when the server rejected `rejected`: forget it, unless another task has already
    /// replaced it, so the next [`Self::access_token`] renews exactly once.
    pub async fn invalidate(&self, rejected: &Secret) {
        let mut guard = self.tokens.lock().await;
        if let Some((access, renew_at)) = guard.access.as_mut() {
            if access == rejected {
                *renew_at = Instant::now();
            }
        }
    }

    /// Uses the refresh token when there is one; falls back to the credential when the server
    /// no longer accepts it (expired, revoked, or the server's data was reset).
    async fn renew(&self, refresh: Option<Secret>) -> Result<Tokens, ClientError> {
        let started = Instant::now();
        match &self.credential {
            Credential::ApiKey(key) => {
                if let Some(refresh) = refresh {
                    let body = RefreshRequest {
                        refresh_token: refresh.expose().to_owned(),
                    };
                    match self.post_token("auth/refresh", &body).await {
                        Ok(t) => return Ok(t),
                        Err(e) if e.is_unauthorized() => {
                            tracing::info!("refresh token rejected; signing in again with the key")
                        }
                        Err(e) => return Err(e),
                    }
                }
                let body = ApiKeyExchange {
                    api_key: key.expose().to_owned(),
                };
                self.post_token("auth/api-key", &body).await.map_err(|e| {
                    if e.is_unauthorized() {
                        ClientError::SignInRequired(
                            "the server does not accept this API key (any more)".into(),
                        )
                    } else {
                        e
                    }
                })
            }
            Credential::OAuth {
                client,
                auth_string,
            } => {
                if let Some(refresh) = refresh {
                    match client.refresh(&refresh).await {
                        Ok(t) => return Ok(to_tokens(t, started)),
                        Err(ClientError::SignInRequired(reason)) if auth_string.is_none() => {
                            return Err(ClientError::SignInRequired(reason))
                        }
                        Err(ClientError::SignInRequired(_)) => {
                            tracing::info!("refresh token rejected; using the client credentials")
                        }
                        Err(e) => return Err(e),
                    }
                }
                match auth_string {
                    Some(auth) => match client.client_credentials(auth).await {
                        Ok(t) => Ok(to_tokens(t, started)),
                        Err(ClientError::OAuth(m)) => Err(ClientError::SignInRequired(format!(
                            "the server no longer accepts the client credentials: {m}"
                        ))),
                        Err(e) => Err(e),
                    },
                    None => Err(ClientError::SignInRequired(
                        "this connection is signed out; sign in again".into(),
                    )),
                }
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
        let issued = IssuedTokens {
            access: Secret::new(t.access_token),
            refresh: Some(Secret::new(t.refresh_token)),
            lifetime: Duration::from_secs(t.expires_in),
        };
        Ok(to_tokens(issued, started))
    }
}

fn to_tokens(t: IssuedTokens, started: Instant) -> Tokens {
    let margin = RENEW_MARGIN.min(t.lifetime / RENEW_FRACTION);
    Tokens {
        access: Some((t.access, started + t.lifetime.saturating_sub(margin))),
        refresh: t.refresh,
    }
}

async fn store(sink: RefreshSink, refresh: Secret) -> Result<(), ClientError> {
    tokio::task::spawn_blocking(move || sink(&refresh))
        .await
        .map_err(|e| ClientError::Keychain(format!("keychain task failed: {e}")))?
}
