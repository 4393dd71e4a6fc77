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

/// Written beside the fallback file once the keychain has worked: from then on this app's
/// sign-ins are in the keychain, and a keychain that does not answer is an error to report,
/// not a reason to look for them in a file that does not hold them.
const KEYCHAIN_MARKER: &str = "keychain-in-use";

/// How long to keep asking a keychain that held our secrets before calling it unreachable: a
/// Secret Service under load can miss a reply (`NoReply`) and answer the next call.
const RETRY_DELAYS_MS: [u64; 3] = [250, 750, 1500];

/// Opens the OS keychain under `service`, checking that it really stores and deletes a value.
///
/// When it cannot and it never could here, falls back to a file in `fallback_dir` and says
/// why, so the app can tell the person plainly instead of silently keeping secrets in plain
/// text. When the keychain held this app's secrets before, it is asked again a few times, and
/// if it still does not answer every call fails with a `Keychain` error (unlock it, or log in
/// to the desktop again) — before, the secrets were looked for in the empty file and the
/// person was told they were signed out.
pub fn open(service: &str, fallback_dir: &Path) -> (Arc<dyn SecretStore>, SecretStorage) {
    let keychain = KeychainStore::new(service);
    let marker = fallback_dir.join(KEYCHAIN_MARKER);
    let mut outcome = keychain.probe();
    if outcome.is_err() && marker.exists() {
        for delay in RETRY_DELAYS_MS {
            std::thread::sleep(std::time::Duration::from_millis(delay));
            outcome = keychain.probe();
            if outcome.is_ok() {
                break;
            }
        }
    }
    match outcome {
        Ok(()) => {
            remember_keychain(&marker);
            (Arc::new(keychain), SecretStorage::Keychain)
        }
        Err(e) if marker.exists() => {
            tracing::error!(error = %e, "the keychain that holds this app's secrets does not answer");
            (
                Arc::new(UnreachableKeychain::new(&e, &marker)),
                SecretStorage::Keychain,
            )
        }
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

/// Notes that the keychain works here; a failure to note it only costs the retries later.
fn remember_keychain(marker: &Path) {
    if marker.exists() {
        return;
    }
    let written = marker
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(marker, b"secrets of this app are in the OS keychain\n"));
    if let Err(e) = written {
        tracing::debug!(error = %e, "could not note that the keychain is in use");
    }
}

/// The keychain that holds this app's secrets, when it does not answer: every call says so.
struct UnreachableKeychain {
    message: String,
}

impl UnreachableKeychain {
    fn new(error: &ClientError, marker: &Path) -> Self {
        Self {
            message: format!(
                "this app keeps its sign-ins in the keychain, which does not answer ({error}); \
                 unlock it or log in to the desktop again, then retry (to keep them in a file \
                 instead from now on, remove {})",
                marker.display()
            ),
        }
    }

    fn fail<T>(&self) -> Result<T, ClientError> {
        Err(ClientError::Keychain(self.message.clone()))
    }
}

impl SecretStore for UnreachableKeychain {
    fn get(&self, _account: &str) -> Result<Option<Secret>, ClientError> {
        self.fail()
    }

    fn set(&self, _account: &str, _secret: &Secret) -> Result<(), ClientError> {
        self.fail()
    }

    fn delete(&self, _account: &str) -> Result<(), ClientError> {
        self.fail()
    }
}
