//! The real OS keychain (Secret Service). `scripts/test.sh` runs the tests inside a D-Bus
//! session with an unlocked gnome-keyring, as a desktop session has.

use rushes_api::ipc::SecretStorage;
use rushes_client::secret_store::{self, KeychainStore, SecretStore};
use rushes_client::Secret;

#[test]
fn secret_service_stores_reads_and_deletes() {
    let store = KeychainStore::new("io.rushes.desktop.test");
    store.probe().expect(
        "Secret Service must be available: run the tests with scripts/test.sh, which unlocks a keychain",
    );
    let account = format!("system-test-{}", std::process::id());
    store.set(&account, &Secret::new("s3cret")).unwrap();
    assert_eq!(store.get(&account).unwrap().unwrap().expose(), "s3cret");
    store.delete(&account).unwrap();
    assert!(store.get(&account).unwrap().is_none());
}

#[test]
fn open_prefers_the_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let (_, storage) = secret_store::open("io.rushes.desktop.test", dir.path());
    assert_eq!(storage, SecretStorage::Keychain);
    assert!(!dir.path().join("secrets.json").exists());
    assert!(
        dir.path().join("keychain-in-use").exists(),
        "where the secrets are is noted"
    );
}

/// Found by the long chaos run: under load the Secret Service missed a reply, the command fell
/// back to the (empty) file, and said "not signed in" though its key was in the keychain.
#[test]
fn a_keychain_that_held_our_secrets_and_does_not_answer_is_an_error_not_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_, storage) = secret_store::open("io.rushes.desktop.test", dir.path());
    assert_eq!(storage, SecretStorage::Keychain);

    // nextest runs every test in its own process, so changing the environment is contained.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let (store, storage) = secret_store::open("io.rushes.desktop.test", dir.path());
    assert_eq!(storage, SecretStorage::Keychain);
    let err = store.get("connection-1").unwrap_err();
    assert_eq!(err.code(), rushes_api::ipc::AppErrorCode::Keychain);
    assert!(err.to_string().contains("does not answer"), "{err}");
    assert!(store.set("k", &Secret::new("v")).is_err());
    assert!(
        !dir.path().join("secrets.json").exists(),
        "nothing went to a file instead"
    );
}

#[test]
fn without_a_keychain_secrets_go_to_a_labelled_private_file() {
    // nextest runs every test in its own process, so changing the environment is contained.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let dir = tempfile::tempdir().unwrap();
    let (store, storage) = secret_store::open("io.rushes.desktop.test", dir.path());
    let path = dir.path().join("secrets.json");
    match storage {
        SecretStorage::FallbackFile { path: p, reason } => {
            assert_eq!(p, path.display().to_string());
            assert!(!reason.is_empty());
        }
        other => panic!("expected the fallback file, got {other:?}"),
    }
    store.set("k", &Secret::new("v")).unwrap();
    assert_eq!(store.get("k").unwrap().unwrap().expose(), "v");
}
