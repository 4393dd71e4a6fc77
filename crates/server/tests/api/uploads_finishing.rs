//! Finishing an upload survives whatever stops half-way: the client that sent the last chunk
//! going away, and the server itself stopping at each step of the hand-over.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use url::Url;

use crate::common::{TestDir, TestServer, ADMIN};
use crate::tus_client::{bytes, file_of, header, metadata, sha256_hex, Place, Tus};
use crate::uploads_durability::restart;

/// Sends the last `chunk` of an upload at `offset` by hand and hangs up without reading the
/// answer the moment the server has recorded the last offset, as a client killed then does:
/// the server is finishing the upload.
async fn send_and_vanish(server: &TestServer, token: &str, url: &Url, offset: usize, chunk: &[u8]) {
    let mut stream = TcpStream::connect(server.handle.addr()).await.unwrap();
    let head = format!(
        "PATCH {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
         Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\n\
         Content-Type: application/offset+octet-stream\r\nContent-Length: {}\r\n\r\n",
        url.path(),
        server.handle.addr(),
        chunk.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(chunk).await.unwrap();
    stream.flush().await.unwrap();
    // The moment the server has recorded the last offset (and starts finishing).
    let id = url.path_segments().unwrap().next_back().unwrap();
    let total = (offset + chunk.len()) as i64;
    let pool = server.db().await;
    for _ in 0..10_000 {
        let at: i64 = sqlx::query_scalar("SELECT upload_offset FROM uploads WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
        if at == total {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    drop(stream);
}

/// HEAD until the upload says it is finished (its SHA-256 is given); that hash.
async fn finished_hash(tus: &Tus<'_>, url: &Url) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        let res = tus.head(url).await;
        last = format!("{} at {}", res.status(), header(&res, "upload-offset"));
        if res.status() == StatusCode::OK {
            let sha = header(&res, "upload-sha256");
            if !sha.is_empty() {
                return sha;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the upload never finished with a hash (last: {last})");
}

#[tokio::test]
async fn a_client_gone_right_after_its_last_chunk_still_gets_its_file() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let first = bytes(48 << 20);
    let second: Vec<u8> = first.iter().rev().copied().collect();
    let tail = 4 << 20;

    // A new file, then new bytes for the same file (a replace): each time the client is gone
    // before the server has hashed and moved the bytes.
    let mut file: Option<i64> = None;
    for content in [&first, &second] {
        let meta = match file {
            None => place.in_folder("A001.mov"),
            Some(id) => metadata(&[("file_id", &id.to_string())]),
        };
        let url = tus.create_ok(content.len() as u64, &meta).await;
        let split = content.len() - tail;
        tus.send_all(&url, &content[..split], 0, 8 << 20).await;
        send_and_vanish(&server, &place.token, &url, split, &content[split..]).await;

        let want = sha256_hex(content);
        assert_eq!(finished_hash(&tus, &url).await, want, "the upload's hash");
        let id = file_of(&server, &url).await;
        let shown = place.show(&server, id).await;
        assert_eq!(shown["state"], "ready");
        assert_eq!(shown["sha256"], want, "the file's hash");
        file = Some(id);
    }

    // The next start keeps the bytes: nothing of them looks unowned.
    let server = restart(server).await;
    let place = Place {
        token: server.admin_token().await,
        ..place
    };
    let id = file.unwrap();
    assert_eq!(place.download(&server, id).await, second);
}

/// `rushes-server` as a process on `data`, stopping dead at crash point `at` if given.
fn spawn_server(dir: &TestDir, at: Option<&str>) -> (Child, Url) {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_rushes-server"));
    command
        .args(["serve", "--data-dir"])
        .arg(dir.path())
        .args(["--bind", &addr.to_string()])
        .env("RUSHES_ADMIN_EMAIL", ADMIN)
        .env_remove("RUSHES_CRASH_AT")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    dir.database_env(&mut command);
    if let Some(at) = at {
        command.env("RUSHES_CRASH_AT", at);
    }
    let base = Url::parse(&format!("http://{addr}/")).unwrap();
    (command.spawn().unwrap(), base)
}

async fn wait_healthy(http: &reqwest::Client, base: &Url) {
    for _ in 0..300 {
        if let Ok(r) = http.get(base.join("healthz").unwrap()).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server at {base} did not start");
}

/// Uploads a file to a server process that stops at `point` while finishing it; the next
/// start must finish it from what was written down, with nothing lost or left over.
async fn stop_while_finishing(point: &str) {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let content = bytes(3 << 20);
    let TestServer { handle, dir, http } = server;
    handle.shutdown().await;

    let (mut child, base) = spawn_server(&dir, Some(point));
    wait_healthy(&http, &base).await;
    let created = http
        .post(base.join("uploads").unwrap())
        .bearer_auth(&place.token)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", content.len().to_string())
        .header("Upload-Metadata", place.in_folder("B001.mov"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let url = base
        .join(Url::parse(&header(&created, "location")).unwrap().path())
        .unwrap();
    let sent = http
        .patch(url.clone())
        .bearer_auth(&place.token)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .body(content.clone())
        .send()
        .await;
    assert!(
        sent.is_err(),
        "the server should have stopped at {point} before answering"
    );
    let status = child.wait().unwrap();
    assert!(!status.success(), "stopped at {point}: {status}");

    // Started again: the upload is finished before anyone asks.
    let server = TestServer::reopen(dir).await;
    let id = file_of(&server, &url).await;
    let shown = place.show(&server, id).await;
    assert_eq!(shown["state"], "ready", "after a stop at {point}");
    assert_eq!(shown["sha256"], sha256_hex(&content));
    assert_eq!(place.download(&server, id).await, content);
    let staged: Vec<_> = std::fs::read_dir(server.dir.path().join("staging"))
        .unwrap()
        .collect();
    assert!(staged.is_empty(), "staging files left: {staged:?}");
    let blobs = walk_files(&server.dir.path().join("media"));
    assert_eq!(
        blobs.len(),
        1,
        "exactly the file's bytes are stored: {blobs:?}"
    );
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk_files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[tokio::test]
async fn a_server_stopped_after_recording_the_new_bytes_finishes_them_at_start() {
    stop_while_finishing("finish.recorded").await;
}

#[tokio::test]
async fn a_server_stopped_after_moving_the_new_bytes_finishes_them_at_start() {
    stop_while_finishing("finish.placed").await;
}
