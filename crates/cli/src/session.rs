//! The command line's servers: the same connections, keychain entries and token handling as the
//! app, kept in the command line's own folders so both can run at once.

use std::path::PathBuf;
use std::sync::Arc;

use rushes_api::connections::Connection;
use rushes_client::api::http_client;
use rushes_client::connections::{Clients, Connections, Live};
use rushes_client::oauth::{oauth_http_client, CallbackRouter};
use rushes_client::{secret_store, ClientError};

/// Keychain service of the command line's secrets (the app uses its bundle identifier).
const KEYCHAIN_SERVICE: &str = "io.rushes.cli";

/// Where the command line keeps its files.
pub struct Dirs {
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Dirs {
    /// `RUSHES_CLI_HOME` (tests, portable setups) or the user's XDG folders.
    pub fn locate() -> Result<Self, ClientError> {
        if let Some(home) = std::env::var_os("RUSHES_CLI_HOME") {
            let home = PathBuf::from(home);
            return Ok(Self {
                config: home.join("config"),
                data: home.join("data"),
            });
        }
        let missing = || ClientError::Invalid("no home folder to keep settings in".into());
        Ok(Self {
            config: dirs::config_dir().ok_or_else(missing)?.join("rushes"),
            data: dirs::data_dir().ok_or_else(missing)?.join("rushes"),
        })
    }
}

pub struct Session {
    pub connections: Connections,
    pub dirs: Dirs,
}

impl Session {
    pub async fn open() -> Result<Self, ClientError> {
        let dirs = Dirs::locate()?;
        let fallback = dirs.config.clone();
        let (store, _) =
            tokio::task::spawn_blocking(move || secret_store::open(KEYCHAIN_SERVICE, &fallback))
                .await
                .map_err(|e| ClientError::Keychain(e.to_string()))?;
        let clients = Clients {
            api: http_client()?,
            oauth: oauth_http_client()?,
        };
        let connections = Connections::open(
            dirs.config.join("connections.json"),
            store,
            clients,
            CallbackRouter::new(),
        )
        .await?;
        Ok(Self { connections, dirs })
    }

    /// The server chosen by `--server`, or the only one signed in.
    pub async fn pick(&self, server: Option<&str>) -> Result<(Connection, Live), ClientError> {
        let all = self.connections.list().await;
        let chosen = match server {
            Some(url) => {
                let want = url.trim_end_matches('/');
                all.into_iter()
                    .find(|c| c.url.trim_end_matches('/') == want)
                    .ok_or_else(|| {
                        ClientError::NotFound(format!(
                            "not signed in to {url}; run `rushes login {url}` first"
                        ))
                    })?
            }
            None => {
                let mut signed_in: Vec<Connection> = Vec::new();
                for c in all {
                    if self.connections.live(&c.id).await.is_ok() {
                        signed_in.push(c);
                    }
                }
                match signed_in.len() {
                    0 => {
                        return Err(ClientError::SignInRequired(
                            "not signed in; run `rushes login URL --api-key KEY` first".into(),
                        ))
                    }
                    1 => signed_in.remove(0),
                    _ => {
                        return Err(ClientError::Invalid(
                            "signed in to several servers; choose one with --server URL".into(),
                        ))
                    }
                }
            }
        };
        let live = self.connections.live(&chosen.id).await?;
        Ok((chosen, live))
    }
}

/// The engine's view of the command line's one server.
pub fn one(live: &Live) -> Arc<rushes_client::transfer::OneConnection> {
    Arc::new(rushes_client::transfer::OneConnection(live.api.clone()))
}
