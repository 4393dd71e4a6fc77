//! Signing a connection in with an API key kept in the secret store.

use std::future::Future;
use std::sync::Arc;

use url::Url;

use crate::secret_store::SecretStore;
use crate::{ApiClient, ClientError, Secret, TokenSource};

/// Signs in to `base` with the API key stored under `account`.
///
/// When no key is stored, or the server no longer accepts it (its data was reset, the key was
/// revoked), `provision` is asked for a new one, which is stored before it is used. The local
/// library uses this with a provisioner that creates the key in-process; nothing here knows
/// about the server's internals.
pub async fn connect_with_stored_key<F, Fut>(
    http: reqwest::Client,
    base: Url,
    store: Arc<dyn SecretStore>,
    account: &str,
    provision: F,
) -> Result<ApiClient, ClientError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Secret, ClientError>>,
{
    let stored = blocking(&store, account, |s, a| s.get(a)).await?;
    if let Some(key) = stored {
        let tokens = TokenSource::from_api_key(http.clone(), base.clone(), key);
        match tokens.access_token().await {
            Ok(_) => return Ok(ApiClient::new(http, base, Arc::new(tokens))),
            Err(e) if e.is_unauthorized() => {
                tracing::info!(
                    account,
                    "stored API key no longer accepted; provisioning a new one"
                )
            }
            Err(e) => return Err(e),
        }
    }
    let key = provision().await?;
    let to_store = key.clone();
    blocking(&store, account, move |s, a| s.set(a, &to_store)).await?;
    let tokens = TokenSource::from_api_key(http.clone(), base.clone(), key);
    tokens.access_token().await?;
    Ok(ApiClient::new(http, base, Arc::new(tokens)))
}

/// Runs a secret-store call off the async threads: keychain calls block on D-Bus.
async fn blocking<T: Send + 'static>(
    store: &Arc<dyn SecretStore>,
    account: &str,
    f: impl FnOnce(&dyn SecretStore, &str) -> Result<T, ClientError> + Send + 'static,
) -> Result<T, ClientError> {
    let store = Arc::clone(store);
    let account = account.to_owned();
    tokio::task::spawn_blocking(move || f(store.as_ref(), &account))
        .await
        .map_err(|e| ClientError::Keychain(format!("keychain task failed: {e}")))?
}
