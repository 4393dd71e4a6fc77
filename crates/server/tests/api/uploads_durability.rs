//! Uploads survive what bad Wi-Fi and crashes do to them: large files streamed in chunks, a
//! server restart mid-upload, a client that vanishes mid-body, two writers at once.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use sha2::{Digest, Sha256};
use url::Url;

use crate::common::TestServer;
use crate::tus_client::{
    bytes, file_of, header, partial_patch, sha256_hex, tus_patch, tus_request, Place, Tus,
};

/// Stops `server` and starts a new one on the same data dir (on a new port).
pub(crate) async fn restart(server: TestServer) -> TestServer {
    let TestServer { handle, dir, .. } = server;
    handle.shutdown().await;
    TestServer::reopen(dir).await
}

/// The same upload on another server's address.
fn moved(server: &TestServer, url: &Url) -> Url {
    server.url(url.path().trim_start_matches('/'))
}

#[tokio::test]
async fn a_large_file_streams_in_8_mib_chunks() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let content = bytes(64 << 20);
    let url = tus
        .create_ok(content.len() as u64, &place.in_folder("A001.mov"))
        .await;
    let last = tus.send_all(&url, &content, 0, 8 << 20).await;
    let sha = sha256_hex(&content);
    assert_eq!(header(&last, "upload-sha256"), sha);
    let file = file_of(&server, &url).await;
    let downloaded = place.download(&server, file).await;
    assert_eq!(downloaded.len(), content.len());
    assert_eq!(hex::encode(Sha256::digest(&downloaded)), sha);
}

#[tokio::test]
async fn upload_resumes_after_server_restart() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let content = bytes(1_000_000);
    let url = {
        let tus = Tus::new(&server, &place.token);
        let url = tus
            .create_ok(1_000_000, &place.in_folder("night.mov"))
            .await;
        tus.send_all(&url, &content[..600_000], 0, 200_000).await;
        url
    };
    let server = restart(server).await;
    // As if the crash came after a write and before its offset was recorded: bytes past the
    // offset are never trusted.
    let id = url.path_segments().unwrap().next_back().unwrap();
    let staging = server.dir.path().join(format!("staging/tus-{id}"));
    let mut junk = std::fs::OpenOptions::new()
        .append(true)
        .open(staging)
        .unwrap();
    std::io::Write::write_all(&mut junk, &[0xee; 1000]).unwrap();
    let tus = Tus::new(&server, &place.token);
    let url = moved(&server, &url);
    assert_eq!(tus.offset(&url).await, 600_000);
    let last = tus.send_all(&url, &content, 600_000, 200_000).await;
    assert_eq!(header(&last, "upload-sha256"), sha256_hex(&content));
    let file = file_of(&server, &url).await;
    let shown = place.show(&server, file).await;
    assert_eq!(shown["sha256"], sha256_hex(&content));
    assert_eq!(place.download(&server, file).await, content);
}

#[tokio::test]
async fn a_client_that_vanishes_mid_body_keeps_what_arrived() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let content = bytes(1_000_000);
    let url = tus.create_ok(1_000_000, &place.in_folder("wifi.mov")).await;
    let stream = partial_patch(server.handle.addr(), &place.token, &url, 300_000, 1_000_000).await;
    // Let the server take the bytes in, then go away.
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(stream);

    let mut offset = 0;
    for _ in 0..50 {
        let res = tus.head(&url).await;
        if res.status() == StatusCode::OK {
            offset = header(&res, "upload-offset").parse().unwrap();
            if offset == 300_000 {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(offset, 300_000);
    let last = tus.send_all(&url, &content, 300_000, 400_000).await;
    assert_eq!(header(&last, "upload-sha256"), sha256_hex(&content));
}

#[tokio::test]
async fn a_second_writer_is_locked_out_while_the_first_writes() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let url = tus.create_ok(1000, &place.in_folder("busy.mov")).await;
    let stream = partial_patch(server.handle.addr(), &place.token, &url, 100, 1000).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let res = tus.patch(&url, 0, vec![0; 10]).await;
    assert_eq!(res.status(), StatusCode::LOCKED);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "upload_locked");
    drop(stream);
}

/// Two instances on one PostgreSQL database and data dir (as behind a load balancer): an upload
/// being written through one is locked for the other, and once the writer's client is gone
/// the other carries it on to the end. On SQLite there is only ever one instance.
#[tokio::test]
async fn an_upload_being_written_through_one_instance_is_locked_for_another() {
    let a = TestServer::start().await;
    let Some(database_url) = a.dir.database_url() else {
        eprintln!("skipped: instances share a PostgreSQL database, never a SQLite file");
        return;
    };
    let mut config = rushes_server::ServerConfig::new(
        a.dir.path(),
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
    );
    config.database_url = Some(database_url.to_owned());
    let b = rushes_server::start(config).await.unwrap();
    let on_b = |url: &Url| {
        b.base_url()
            .join(url.path().trim_start_matches('/'))
            .unwrap()
    };

    let place = Place::new(&a).await;
    let tus = Tus::new(&a, &place.token);
    let content = bytes(1_000_000);
    let url = tus.create_ok(1_000_000, &place.in_folder("two.mov")).await;
    let stream = partial_patch(a.handle.addr(), &place.token, &url, 300_000, 1_000_000).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // While A is receiving the body, B refuses a second writer: 423, the client retries.
    let patch_b = |offset: usize| {
        tus_patch(
            &a.http,
            &on_b(&url),
            &place.token,
            offset,
            &content[offset..],
        )
        .send()
    };
    let refused = patch_b(0).await.unwrap();
    assert_eq!(refused.status(), StatusCode::LOCKED);

    // A's client vanishes; A keeps what arrived and lets go, and B takes the rest.
    drop(stream);
    let mut done = None;
    for _ in 0..50 {
        let head = tus_request(&a.http, Method::HEAD, on_b(&url), &place.token)
            .send()
            .await
            .unwrap();
        let offset: usize = header(&head, "upload-offset").parse().unwrap();
        if offset == 300_000 {
            let res = patch_b(offset).await.unwrap();
            if res.status() == StatusCode::NO_CONTENT {
                done = Some(res);
                break;
            }
            assert_eq!(res.status(), StatusCode::LOCKED, "{:?}", res.text().await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let done = done.expect("B never took the upload over");
    assert_eq!(header(&done, "upload-offset"), "1000000");
    assert_eq!(header(&done, "upload-sha256"), sha256_hex(&content));
    b.shutdown().await;
}
