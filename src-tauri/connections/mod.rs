//! Opening the server connections at start and telling the UI when one changes state (signed
//! in, signed out, or needing sign-in again because the server no longer accepts its tokens).

pub mod browser;
pub mod commands;
pub mod deep_link;

use std::path::PathBuf;
use std::sync::Arc;

use rushes_api::ipc::AppError;
use rushes_client::api::http_client;
use rushes_client::connections::{Clients, Connections};
use rushes_client::oauth::{oauth_http_client, CallbackRouter};
use rushes_client::secret_store::SecretStore;
use tauri::{AppHandle, Emitter};

use crate::library::app_data_dir;

/// Overrides where the list of connections is kept (tests keep it in a temp dir).
const FILE_ENV: &str = "RUSHES_CONNECTIONS_FILE";
/// The event the UI reloads its connection list on; the payload is the connection id.
pub const CHANGED_EVENT: &str = rushes_api::ipc::events::CONNECTIONS_CHANGED;

/// Loads the saved connections; their secrets come from `store`.
pub async fn open(
    app: &AppHandle,
    store: Arc<dyn SecretStore>,
    router: CallbackRouter,
) -> Result<Connections, AppError> {
    let path = match std::env::var_os(FILE_ENV) {
        Some(p) => PathBuf::from(p),
        None => app_data_dir(app)?.join("connections.json"),
    };
    let clients = Clients {
        api: http_client()?,
        oauth: oauth_http_client()?,
    };
    let connections = Connections::open(path, store, clients, router).await?;
    forward_changes(app.clone(), &connections);
    Ok(connections)
}

fn forward_changes(app: AppHandle, connections: &Connections) {
    let mut changes = connections.changes();
    tauri::async_runtime::spawn(async move {
        loop {
            match changes.recv().await {
                Ok(id) => {
                    let _ = app.emit(CHANGED_EVENT, id);
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let _ = app.emit(CHANGED_EVENT, "");
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
}
