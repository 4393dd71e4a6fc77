//! The request pipeline every endpoint method goes through.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::http::{decode_enveloped, expect_success};
use crate::{ClientError, TokenSource};

/// How long to wait for a connection before calling the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the HTTP client the API client and the token source share (one connection pool).
pub fn http_client() -> Result<reqwest::Client, ClientError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("rushes/", env!("CARGO_PKG_VERSION")))
        // Redirects are answers here (`download` hands out a signed URL); never follow them with
        // the bearer token attached.
        .redirect(reqwest::redirect::Policy::none())
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
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<T, ClientError> {
        decode_enveloped(self.send(method, path, build).await?).await
    }

    /// Like [`Self::call`] for answers without a body (`204 No Content`).
    pub(crate) async fn call_empty(
        &self,
        method: Method,
        path: &str,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<(), ClientError> {
        expect_success(self.send(method, path, build).await?).await
    }

    /// Sends an authenticated request and returns the answer, whatever its status.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Response, ClientError> {
        let url = self.base.join("api/")?.join(path)?;
        self.send_url(method, url, build).await
    }

    /// Sends an authenticated request to a URL of this server (e.g. an upload URL) and returns
    /// the answer, whatever its status.
    ///
    /// A 401 means the token was revoked or expired early: the token is renewed once (one
    /// renewal shared by every task that saw the 401) and the same request is sent again; a
    /// second 401 is the caller's answer. `build` runs once per attempt, so a request body is
    /// made afresh for the retry.
    pub(crate) async fn send_url(
        &self,
        method: Method,
        url: Url,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Response, ClientError> {
        if url.origin() != self.base.origin() {
            // The bearer token only ever goes to the server it belongs to.
            return Err(ClientError::Invalid(format!(
                "{url} is not on this connection's server"
            )));
        }
        let mut retried = false;
        loop {
            let token = self.tokens.access_token().await?;
            let req = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose());
            let response = build(req).send().await?;
            if response.status() == StatusCode::UNAUTHORIZED && !retried {
                retried = true;
                self.tokens.invalidate(&token).await;
                continue;
            }
            return Ok(response);
        }
    }

    /// The HTTP client, for requests that carry no token (signed media URLs).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The connection's token source (shared with everything else using this connection).
    pub fn tokens(&self) -> &Arc<TokenSource> {
        &self.tokens
    }
}
