//! App-wide state: the local library and the server connections, which start in the background
//! while the window opens. Commands that arrive before they are up wait for them.

use std::sync::Arc;
use std::time::Duration;

use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_client::connections::Connections;
use rushes_client::transfer::Engine;
use tokio::sync::watch;

use crate::library::Library;

/// Something that starts in the background: `None` until it has started or failed.
struct Slot<T>(watch::Sender<Option<Result<Arc<T>, AppError>>>);

impl<T> Slot<T> {
    fn new() -> Self {
        Self(watch::Sender::new(None))
    }

    fn set(&self, result: Result<T, AppError>) {
        self.0.send_replace(Some(result.map(Arc::new)));
    }

    async fn get(&self) -> Result<Arc<T>, AppError> {
        let mut rx = self.0.subscribe();
        let slot = rx
            .wait_for(Option::is_some)
            .await
            .map_err(|_| shutting_down())?;
        slot.clone().unwrap_or_else(|| Err(shutting_down()))
    }

    fn take(&self) -> Option<Result<Arc<T>, AppError>> {
        self.0.send_replace(None)
    }
}

/// Shared by every command.
pub struct ShellState {
    library: Slot<Library>,
    connections: Slot<Connections>,
    transfers: Slot<Engine>,
}

impl ShellState {
    pub fn new() -> Self {
        Self {
            library: Slot::new(),
            connections: Slot::new(),
            transfers: Slot::new(),
        }
    }

    /// Records the outcome of starting the library and wakes every waiting command.
    pub fn set_library(&self, result: Result<Library, AppError>) {
        self.library.set(result);
    }

    /// Records the outcome of loading the connections.
    pub fn set_connections(&self, result: Result<Connections, AppError>) {
        self.connections.set(result);
    }

    /// Records the outcome of opening the transfer queue.
    pub fn set_transfers(&self, result: Result<Engine, AppError>) {
        self.transfers.set(result);
    }

    /// The transfer engine, waiting for it to open if need be.
    pub async fn transfers(&self) -> Result<Arc<Engine>, AppError> {
        self.transfers.get().await
    }

    /// The running library, waiting for it to start if need be.
    pub async fn library(&self) -> Result<Arc<Library>, AppError> {
        self.library.get().await
    }

    /// The server connections, waiting for them to load if need be.
    pub async fn connections(&self) -> Result<Arc<Connections>, AppError> {
        self.connections.get().await
    }

    /// Stops the transfers (they stay queued and go on at the next start), then the library's
    /// server, giving requests a moment to finish.
    pub async fn shutdown(&self) {
        if let Some(Ok(engine)) = self.transfers.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), engine.shutdown()).await;
        }
        self.connections.take();
        if let Some(Ok(lib)) = self.library.take() {
            if let Ok(lib) = Arc::try_unwrap(lib) {
                let _ = tokio::time::timeout(Duration::from_secs(5), lib.shutdown()).await;
            }
        }
    }
}

fn shutting_down() -> AppError {
    AppError {
        code: AppErrorCode::Internal,
        message: "the app is shutting down".into(),
    }
}
