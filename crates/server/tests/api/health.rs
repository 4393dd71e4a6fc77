use reqwest::StatusCode;

use crate::common::TestServer;

#[tokio::test]
async fn healthz_answers_ok_without_a_token() {
    let server = TestServer::start().await;
    let res = server.http.get(server.url("healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn base_url_is_the_bound_loopback_address() {
    let server = TestServer::start().await;
    let addr = server.handle.addr();
    assert_ne!(addr.port(), 0);
    assert_eq!(server.handle.base_url().as_str(), format!("http://{addr}/"));
}

#[tokio::test]
async fn shutdown_stops_answering() {
    let server = TestServer::start().await;
    let url = server.url("healthz");
    let TestServer { handle, dir, http } = server;
    handle.shutdown().await;
    assert!(http.get(url).send().await.is_err());
    drop(dir);
}

#[tokio::test]
async fn readyz_says_ready_when_the_database_and_storage_answer() {
    let server = TestServer::start().await;
    let res = server.http.get(server.url("readyz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: rushes_api::health::Readiness = res.json().await.unwrap();
    assert!(
        body.ready && body.database.ok && body.storage.ok,
        "{body:?}"
    );
}

#[tokio::test]
async fn readyz_is_503_and_names_the_storage_when_it_cannot_be_written() {
    let server = TestServer::start().await;
    // The staging directory gone and a file in its place: nothing can be written there, even
    // by root (a permission change would not stop root).
    let staging = server.dir.path().join("staging");
    std::fs::remove_dir_all(&staging).unwrap();
    std::fs::write(&staging, b"not a directory").unwrap();
    let res = server.http.get(server.url("readyz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: rushes_api::health::Readiness = res.json().await.unwrap();
    assert!(
        !body.ready && body.database.ok && !body.storage.ok,
        "{body:?}"
    );
    assert_eq!(
        body.storage.message.as_deref(),
        Some("the media storage cannot be written")
    );
    // Healthy again once the storage is back.
    std::fs::remove_file(&staging).unwrap();
    std::fs::create_dir(&staging).unwrap();
    let res = server.http.get(server.url("readyz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
