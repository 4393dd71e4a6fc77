//! Where long-lived secrets (API keys, refresh tokens) are kept: the OS keychain, or — only when
//! no keychain service exists — a clearly labelled file that only the user may read.
//!
//! The calls are blocking (the keychain is a D-Bus round trip on Linux): call them from
//! `tokio::task::spawn_blocking`.

mod file;
mod keychain;
mod memory;

use std::path::Path;
use std::sync::Arc;

use rushes_api::ipc::SecretStorage;

pub use file::FileStore;
pub use keychain::KeychainStore;
pub use memory::MemoryStore;

use crate::{ClientError, Secret};

/// A place to keep secrets by account name.
pub trait SecretStore: Send + Sync {
    /// The secret stored for `account`, if any.
    fn get(&self, account: &str) -> Result<Option<Secret>, ClientError>;
    /// Stores (or replaces) the secret for `account`.
    fn set(&self, account: &str, secret: &Secret) -> Result<(), ClientError>;
    /// Removes the secret for `account`; removing a missing one is not an error.
    fn delete(&self, account: &str) -> Result<(), ClientError>;
}

/// Opens the OS keychain under `service`, checking that it really stores and deletes a value.
/// When it cannot, falls back to a file in `fallback_dir` and says why, so the app can tell the
/// person plainly instead of silently keeping secrets in plain text.
pub fn open(service: &str, fallback_dir: &Path) -> (Arc<dyn SecretStore>, SecretStorage) {
    let keychain = KeychainStore::new(service);
    match keychain.probe() {
        Ok(()) => (Arc::new(keychain), SecretStorage::Keychain),
        Err(e) => {
            let store = FileStore::new(fallback_dir.join("secrets.json"));
            tracing::warn!(
                path = %store.path().display(),
                error = %e,
                "no usable keychain; keeping secrets in a file only this user may read"
            );
            let storage = SecretStorage::FallbackFile {
                path: store.path().display().to_string(),
                reason: e.to_string(),
            };
            (Arc::new(store), storage)
        }
    }
}
