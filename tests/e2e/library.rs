//! The local library: create a project and a folder through the UI, then find them through the
//! HTTP API of the in-process server.

use std::sync::Arc;

use fantoccini::Locator;
use rushes_client::api::http_client;
use rushes_client::secret_store::{KeychainStore, SecretStore};
use rushes_client::{ApiClient, Secret, TokenSource};

use crate::start_app;

#[tokio::test]
async fn project_and_folder_created_in_the_ui_exist_on_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;

    let url = app.library_url().await.unwrap();
    // The test desktop has a keychain: the app must have used it, and say nothing about a file.
    // Keychain calls block on D-Bus: keep them off the async threads, as the app does.
    let account = format!("local-library:{}", app.data_dir.display());
    let in_keychain =
        tokio::task::spawn_blocking(move || KeychainStore::new("io.rushes.desktop").get(&account))
            .await
            .unwrap()
            .unwrap();
    assert!(in_keychain.is_some(), "the library key is in the keychain");
    assert!(app
        .client
        .find(Locator::Css(r#"[data-testid="keychain-notice"]"#))
        .await
        .is_err());

    app.create_project("Night Shoot").await.unwrap();
    app.create_folder("Day 01").await.unwrap();

    // Check through the HTTP API, signed in with a key of our own for the library's owner.
    let key = rushes_server::offline::create_api_key(
        &app.data_dir,
        "library@rushes.invalid",
        "e2e check",
    )
    .await
    .unwrap();
    let http = http_client().unwrap();
    let base = url.parse().unwrap();
    let tokens = TokenSource::from_api_key(http.clone(), base, Secret::new(key.secret));
    let api = ApiClient::new(http, url.parse().unwrap(), Arc::new(tokens));
    let projects = api.list_projects().await.unwrap();
    let project = projects
        .iter()
        .find(|p| p.name == "Night Shoot")
        .expect("the project is on the server");
    let folders = api.list_folders(project.id, None).await.unwrap();
    assert_eq!(
        folders.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["Day 01"]
    );

    app.close().await;
}
