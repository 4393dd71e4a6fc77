//! App-wide state: the local library, which starts in the background while the window opens.

use std::sync::Arc;
use std::time::Duration;

use rushes_api::ipc::{AppError, AppErrorCode};
use tokio::sync::watch;

use crate::library::Library;

type Slot = Option<Result<Arc<Library>, AppError>>;

/// Shared by every command. Commands that arrive before the library is up wait for it.
pub struct AppState {
    library: watch::Sender<Slot>,
}

impl AppState {
    pub fn new() -> Self {
        Self {
            library: watch::Sender::new(None),
        }
    }

    /// Records the outcome of starting the library and wakes every waiting command.
    pub fn set_library(&self, result: Result<Library, AppError>) {
        self.library.send_replace(Some(result.map(Arc::new)));
    }

    /// The running library, waiting for it to start if need be.
    pub async fn library(&self) -> Result<Arc<Library>, AppError> {
        let mut rx = self.library.subscribe();
        let slot = rx
            .wait_for(Option::is_some)
            .await
            .map_err(|_| shutting_down())?;
        slot.clone().unwrap_or_else(|| Err(shutting_down()))
    }

    /// Stops the library's server, giving requests a moment to finish.
    pub async fn shutdown(&self) {
        let lib = self.library.send_replace(None);
        if let Some(Ok(lib)) = lib {
            if let Ok(lib) = Arc::try_unwrap(lib) {
                let _ = tokio::time::timeout(Duration::from_secs(5), lib.shutdown()).await;
            }
        }
    }
}

fn shutting_down() -> AppError {
    AppError {
        code: AppErrorCode::Internal,
        message: "the local library is shutting down".into(),
    }
}
