//! A connection's secrets, kept together in one keychain entry (`connection:{id}`) as JSON, so
//! a sign-in or sign-out is one keychain write. Only this module and the keychain see them.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::secret_store::SecretStore;
use crate::{ClientError, Secret};

/// What one connection keeps secret. `Debug` is redacted.
#[derive(Default, Clone, Serialize, Deserialize)]
pub struct StoredSecrets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_string: Option<String>,
}

impl std::fmt::Debug for StoredSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoredSecrets { <redacted> }")
    }
}

/// The keychain account of connection `id`.
pub fn account(id: &str) -> String {
    format!("connection:{id}")
}

/// Reads the secrets of `id`, off the async threads.
pub async fn read(
    store: &Arc<dyn SecretStore>,
    id: &str,
) -> Result<Option<StoredSecrets>, ClientError> {
    let (store, account) = (Arc::clone(store), account(id));
    let stored = blocking(move || store.get(&account)).await?;
    stored
        .map(|s| {
            serde_json::from_str(s.expose())
                .map_err(|e| ClientError::Keychain(format!("a stored entry is damaged: {e}")))
        })
        .transpose()
}

/// Replaces the secrets of `id`.
pub async fn write(
    store: &Arc<dyn SecretStore>,
    id: &str,
    secrets: &StoredSecrets,
) -> Result<(), ClientError> {
    let value = Secret::new(
        serde_json::to_string(secrets).map_err(|e| ClientError::Keychain(e.to_string()))?,
    );
    let (store, account) = (Arc::clone(store), account(id));
    blocking(move || store.set(&account, &value)).await
}

/// Removes the secrets of `id`.
pub async fn delete(store: &Arc<dyn SecretStore>, id: &str) -> Result<(), ClientError> {
    let (store, account) = (Arc::clone(store), account(id));
    blocking(move || store.delete(&account)).await
}

/// A blocking sink that keeps a rotated refresh token beside the rest of `id`'s secrets.
pub fn refresh_sink(
    store: Arc<dyn SecretStore>,
    id: &str,
    base: StoredSecrets,
) -> crate::auth::RefreshSink {
    let account = account(id);
    let base = std::sync::Mutex::new(base);
    Arc::new(move |refresh: &Secret| {
        let mut secrets = base.lock().unwrap_or_else(|p| p.into_inner());
        secrets.refresh_token = Some(refresh.expose().to_owned());
        let value = Secret::new(
            serde_json::to_string(&*secrets).map_err(|e| ClientError::Keychain(e.to_string()))?,
        );
        store.set(&account, &value)
    })
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ClientError> + Send + 'static,
) -> Result<T, ClientError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ClientError::Keychain(format!("keychain task failed: {e}")))?
}
