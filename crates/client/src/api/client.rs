//! The request pipeline every endpoint method goes through.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use url::Url;

use super::http::decode_enveloped;
use crate::{ClientError, TokenSource};

/// How long to wait for a connection before calling the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the HTTP client the API client and the token source share (one connection pool).
pub fn http_client() -> Result<reqwest::Client, ClientError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("rushes/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(ClientError::Network)
}

/// A signed-in connection to one Rushes server.
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: Url,
    tokens: Arc<TokenSource>,
}

impl ApiClient {
    /// `base` is the server's root URL (e.g. `http://127.0.0.1:8420/`).
    pub fn new(http: reqwest::Client, base: Url, tokens: Arc<TokenSource>) -> Self {
        Self { http, base, tokens }
    }

    /// The server's root URL.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Sends an authenticated request to `path` (relative to `/api/`) and decodes the envelope.
    ///
    /// A 401 means the token was revoked or expired early: the token is renewed once and the
    /// same request is sent again; a second 401 is the caller's answer.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<T, ClientError> {
        let url = self.base.join("api/")?.join(path)?;
        let mut retried = false;
        loop {
            let token = self.tokens.access_token().await?;
            let req = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose());
            let result = decode_enveloped(build(req).send().await?).await;
            match result {
                Err(e) if e.is_unauthorized() && !retried => {
                    retried = true;
                    self.tokens.invalidate(&token).await;
                }
                other => return other,
            }
        }
    }
}
