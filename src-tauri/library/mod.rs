//! The local library: the Rushes server running in-process on loopback, with its data in the
//! app's data dir, so the app works with no account and no network.
//!
//! This is the one place in the app that sees both the server and the client crates: it starts
//! the server, provisions the app's own API key on first run, keeps that key in the keychain and
//! from then on talks to the library over HTTP like to any other server.

pub mod commands;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use rushes_api::ipc::{AppError, AppErrorCode, LibraryStatus, SecretStorage};
use rushes_client::api::http_client;
use rushes_client::connect::connect_with_stored_key;
use rushes_client::secret_store::{self, SecretStore};
use rushes_client::{ApiClient, ClientError, Secret};
use rushes_server::{AdminBootstrap, ServerConfig, ServerHandle};
use tauri::{AppHandle, Manager};

/// Overrides where the library keeps its data (tests, and people who keep media elsewhere).
const DATA_DIR_ENV: &str = "RUSHES_LIBRARY_DIR";
/// The library's owner account. `.invalid` is reserved (RFC 2606): it can never be a real address.
const OWNER_EMAIL: &str = "library@rushes.invalid";

/// The running local library and the app's connection to it.
pub struct Library {
    server: ServerHandle,
    pub api: ApiClient,
    pub status: LibraryStatus,
}

impl Library {
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// Starts the server on a free loopback port and signs the app in to it, keeping its key in
/// `store`.
pub async fn open(
    app: &AppHandle,
    store: Arc<dyn SecretStore>,
    secret_storage: SecretStorage,
) -> Result<Library, AppError> {
    let app_data = app_data_dir(app)?;
    let data_dir = std::env::var_os(DATA_DIR_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| app_data.join("library"));

    let mut config = ServerConfig::new(&data_dir, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
    config.admin = AdminBootstrap::Given {
        email: OWNER_EMAIL.into(),
        password: None,
        name: "Local library".into(),
    };
    let server = rushes_server::start(config).await.map_err(|e| AppError {
        code: AppErrorCode::Internal,
        message: format!(
            "the local library in {} could not start: {e}",
            data_dir.display()
        ),
    })?;
    let base = server.base_url();
    tracing::info!(%base, data_dir = %data_dir.display(), "local library running");

    // One key per data dir, so two libraries (or test runs) never overwrite each other's key.
    let account = format!("local-library:{}", data_dir.display());
    let http = http_client()?;
    let api = connect_with_stored_key(http, base.clone(), store, &account, || async {
        let created = server
            .create_api_key(OWNER_EMAIL, "Rushes desktop app")
            .await
            .map_err(|e| ClientError::Library(format!("could not create its key: {e}")))?;
        Ok(Secret::new(created.secret))
    })
    .await?;

    Ok(Library {
        status: LibraryStatus {
            url: base.to_string(),
            data_dir: data_dir.display().to_string(),
            secret_storage,
        },
        server,
        api,
    })
}

/// The app's data dir (`~/.local/share/io.rushes.desktop` on Linux).
pub fn app_data_dir(app: &AppHandle) -> Result<PathBuf, AppError> {
    app.path().app_data_dir().map_err(|e| AppError {
        code: AppErrorCode::Internal,
        message: format!("could not find the app's data folder: {e}"),
    })
}

/// Opens the OS keychain (or the fallback file), off the async threads.
pub async fn open_secret_store(
    app: &AppHandle,
) -> Result<(Arc<dyn SecretStore>, SecretStorage), AppError> {
    let identifier = app.config().identifier.clone();
    let fallback_dir = app_data_dir(app)?;
    tokio::task::spawn_blocking(move || secret_store::open(&identifier, &fallback_dir))
        .await
        .map_err(|e| AppError {
            code: AppErrorCode::Keychain,
            message: format!("the keychain check failed: {e}"),
        })
}
