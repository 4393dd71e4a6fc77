//! Finding 7: connections that wait on their client are closed. A request whose headers never
//! finish, a connection that sends nothing, a body that stops arriving: each is dropped after
//! its (here shortened) timeout, while a slow upload that keeps moving is served, and one
//! address cannot hold more than its share of connections.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::TestServer;

async fn impatient_server() -> TestServer {
    TestServer::start_with(|c| {
        c.connections.header_read_timeout = Duration::from_millis(500);
        c.connections.idle_timeout = Duration::from_millis(500);
        c.connections.body_read_timeout = Duration::from_millis(500);
    })
    .await
}

async fn connect(server: &TestServer) -> TcpStream {
    TcpStream::connect(server.handle.addr()).await.unwrap()
}

/// Reads until the server closes the connection; how long that took, and what it sent.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> (Duration, String) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("still open after {limit:?}"),
        }
    }
    (
        started.elapsed(),
        String::from_utf8_lossy(&got).into_owned(),
    )
}

/// A request on a new connection: a pooled one may be closed by the short idle timeout just as
/// it is reused.
async fn health_works(server: &TestServer) {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let res = http.get(server.url("healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_request_that_never_finishes_its_headers_is_closed() {
    let server = impatient_server().await;
    let mut stalled = connect(&server).await;
    stalled
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: rushes.test\r\nX-Slow: ")
        .await
        .unwrap();
    // Meanwhile other clients are served.
    health_works(&server).await;
    let (took, _) = until_closed(&mut stalled, Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(3), "{took:?}");
    health_works(&server).await;
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let server = impatient_server().await;
    let mut silent = connect(&server).await;
    let (took, _) = until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(3), "{took:?}");
    health_works(&server).await;
}

/// A JSON request to an endpoint that reads its whole body before answering.
fn head_for(body_len: usize) -> String {
    format!(
        "POST /auth/api-key HTTP/1.1\r\nHost: rushes.test\r\nContent-Type: application/json\r\n\
         Content-Length: {body_len}\r\n\r\n"
    )
}

#[tokio::test]
async fn a_slow_but_moving_body_is_served_and_a_stopped_one_is_cut() {
    let server = impatient_server().await;
    let body = format!("{{\"apiKey\": \"rk_{}\"}}", "A".repeat(43));

    // Each piece comes well within the body timeout, the whole takes three times as long.
    let mut slow = connect(&server).await;
    slow.write_all(head_for(body.len()).as_bytes())
        .await
        .unwrap();
    let pieces = body.as_bytes().chunks(body.len().div_ceil(6));
    for piece in pieces {
        tokio::time::sleep(Duration::from_millis(250)).await;
        slow.write_all(piece).await.unwrap();
    }
    let mut answer = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(5), slow.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let status_line = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(
        status_line.starts_with("HTTP/1.1 401"),
        "the key is unknown, but it was read: {status_line}"
    );

    // Half a body, then nothing: not held open.
    let mut stopped = connect(&server).await;
    stopped
        .write_all(head_for(body.len()).as_bytes())
        .await
        .unwrap();
    stopped
        .write_all(&body.as_bytes()[..body.len() / 2])
        .await
        .unwrap();
    let (took, _) = until_closed(&mut stopped, Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn one_address_cannot_hold_more_than_its_share_of_connections() {
    let server = TestServer::start_with(|c| c.connections.max_per_address = 4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(connect(&server).await);
    }
    // Give the server a moment to accept them all.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = connect(&server).await;
    let (took, _) = until_closed(&mut extra, Duration::from_secs(2)).await;
    assert!(took < Duration::from_secs(1), "{took:?}");

    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    health_works(&server).await;
}

#[tokio::test]
async fn a_trusted_proxy_carries_many_clients_and_is_not_capped_per_address() {
    let server = TestServer::start_with(|c| {
        c.connections.max_per_address = 4;
        c.trusted_proxies = vec![rushes_server::parse_trusted_proxy("127.0.0.1").unwrap()];
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..12 {
        held.push(connect(&server).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Every one of them is served, not closed: the cap is the proxy's business.
    for stream in &mut held {
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: rushes.test\r\n\r\n")
            .await
            .unwrap();
        let mut answer = [0u8; 1024];
        let n = stream.read(&mut answer).await.unwrap();
        assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    }
}

#[tokio::test]
async fn a_kept_alive_connection_waits_for_its_next_request_only_so_long() {
    let server = TestServer::start_with(|c| {
        c.connections.header_read_timeout = Duration::from_millis(500);
        c.connections.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let mut kept = connect(&server).await;
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: rushes.test\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0u8; 1024];
    let n = kept.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    // The wait for the next request's headers is under the header timeout too.
    let (took, _) = until_closed(&mut kept, Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(3), "{took:?}");
}
