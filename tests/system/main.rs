//! Whole-system tests: the real client against the real server, in-process on 127.0.0.1:0 with
//! a temp dir and real SQLite.

mod account;
mod activity;
mod client_api;
mod connect;
#[path = "../support/fault_proxy.rs"]
mod fault_proxy;
mod keychain;
mod media_api;
mod members;
#[path = "../support/page_browser.rs"]
mod page_browser;
mod review;
mod sign_in;
mod tokens;
mod transfers;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rushes_client::api::http_client;
use rushes_client::{ApiClient, Secret, TokenSource};
use rushes_server::{AdminBootstrap, ServerConfig, ServerHandle};

pub const OWNER: &str = "owner@rushes.invalid";

/// A server on a free loopback port with its data in its own temp dir.
pub struct TestServer {
    pub handle: ServerHandle,
    pub dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with_ttl(Duration::from_secs(3600)).await
    }

    pub async fn start_with_ttl(access_ttl: Duration) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let handle = start_in(dir.path(), access_ttl).await;
        Self { handle, dir }
    }

    /// A client signed in as the owner with a fresh API key.
    pub async fn client(&self) -> ApiClient {
        let key = self.handle.create_api_key(OWNER, "test").await.unwrap();
        client_for(&self.handle, Secret::new(key.secret))
    }
}

pub async fn start_in(dir: &std::path::Path, access_ttl: Duration) -> ServerHandle {
    let mut config = ServerConfig::new(dir, SocketAddr::from(([127, 0, 0, 1], 0)));
    config.access_token_ttl = access_ttl;
    config.admin = AdminBootstrap::Given {
        email: OWNER.into(),
        password: None,
        name: "Owner".into(),
    };
    rushes_server::start(config).await.unwrap()
}

pub fn client_for(handle: &ServerHandle, key: Secret) -> ApiClient {
    let http = http_client().unwrap();
    let tokens = TokenSource::from_api_key(http.clone(), handle.base_url(), key);
    ApiClient::new(http, handle.base_url(), Arc::new(tokens))
}
