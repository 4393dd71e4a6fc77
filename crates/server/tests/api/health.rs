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
