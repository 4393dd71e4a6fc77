//! Signing in with a stored key: provision once, reuse afterwards, provision again when the
//! server no longer knows the key.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rushes_client::api::http_client;
use rushes_client::connect::connect_with_stored_key;
use rushes_client::secret_store::{MemoryStore, SecretStore};
use rushes_client::{ClientError, Secret};
use rushes_server::ServerHandle;

use crate::{start_in, OWNER};

async fn connect(
    handle: &ServerHandle,
    store: &Arc<dyn SecretStore>,
    provisioned: &AtomicUsize,
) -> Result<rushes_client::ApiClient, ClientError> {
    connect_with_stored_key(
        http_client().unwrap(),
        handle.base_url(),
        Arc::clone(store),
        "local-library:test",
        || async {
            provisioned.fetch_add(1, Ordering::SeqCst);
            let k = handle.create_api_key(OWNER, "app").await.unwrap();
            Ok(Secret::new(k.secret))
        },
    )
    .await
}

#[tokio::test]
async fn key_is_provisioned_once_then_reused() {
    let dir = tempfile::tempdir().unwrap();
    let handle = start_in(dir.path(), Duration::from_secs(3600)).await;
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::default());
    let provisioned = AtomicUsize::new(0);

    let api = connect(&handle, &store, &provisioned).await.unwrap();
    assert_eq!(api.me().await.unwrap().email, OWNER);
    let stored = store
        .get("local-library:test")
        .unwrap()
        .expect("key stored");

    let again = connect(&handle, &store, &provisioned).await.unwrap();
    again.me().await.unwrap();
    assert_eq!(
        provisioned.load(Ordering::SeqCst),
        1,
        "second start reuses the key"
    );
    assert_eq!(store.get("local-library:test").unwrap(), Some(stored));
}

#[tokio::test]
async fn key_unknown_to_a_reset_library_is_replaced() {
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::default());
    let provisioned = AtomicUsize::new(0);

    let first = tempfile::tempdir().unwrap();
    let handle = start_in(first.path(), Duration::from_secs(3600)).await;
    connect(&handle, &store, &provisioned).await.unwrap();
    handle.shutdown().await;

    // Same account, empty data dir: the stored key means nothing there.
    let second = tempfile::tempdir().unwrap();
    let handle = start_in(second.path(), Duration::from_secs(3600)).await;
    let old = store.get("local-library:test").unwrap();
    let api = connect(&handle, &store, &provisioned).await.unwrap();
    api.me().await.unwrap();
    assert_eq!(provisioned.load(Ordering::SeqCst), 2);
    assert_ne!(store.get("local-library:test").unwrap(), old);
}
