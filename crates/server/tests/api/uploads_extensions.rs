//! tus extensions: checksum, termination, expiration and concatenation.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::common::TestServer;
use crate::tus_client::{bytes, file_of, header, location, metadata, sha256_hex, Place, Tus};

fn sha1_header(body: &[u8]) -> String {
    format!("sha1 {}", STANDARD.encode(Sha1::digest(body)))
}

fn sha256_header(body: &[u8]) -> String {
    format!("sha256 {}", STANDARD.encode(Sha256::digest(body)))
}

/// Names of the tus staging files in the server's data dir.
fn staging_files(server: &TestServer) -> Vec<String> {
    std::fs::read_dir(server.dir.path().join("staging"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tus-"))
        .collect()
}

#[tokio::test]
async fn chunks_with_matching_sha1_and_sha256_checksums_are_accepted() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let content = bytes(20_000);
    let url = tus.create_ok(20_000, &place.in_folder("a.mov")).await;
    let (first, second) = content.split_at(12_000);
    let res = tus
        .patch_with(&url, 0, first.to_vec(), Some(sha1_header(first)))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = tus
        .patch_with(&url, 12_000, second.to_vec(), Some(sha256_header(second)))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "upload-sha256"), sha256_hex(&content));
}

#[tokio::test]
async fn a_checksum_mismatch_is_460_and_keeps_the_offset() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let content = bytes(10_000);
    let url = tus.create_ok(10_000, &place.in_folder("a.mov")).await;
    tus.patch(&url, 0, content[..4000].to_vec()).await;

    let mut corrupted = content[4000..].to_vec();
    corrupted[100] ^= 1;
    for sum in [
        sha1_header(&content[4000..]),
        sha256_header(&content[4000..]),
    ] {
        let res = tus
            .patch_with(&url, 4000, corrupted.clone(), Some(sum))
            .await;
        assert_eq!(res.status().as_u16(), 460);
        assert_eq!(header(&res, "tus-resumable"), "1.0.0");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "checksum_mismatch");
        assert_eq!(body["status"], 460);
        assert_eq!(body["status_message"], "Checksum Mismatch");
        assert_eq!(tus.offset(&url).await, 4000);
    }
    let res = tus
        .patch_with(
            &url,
            4000,
            corrupted,
            Some("md5 AAAAAAAAAAAAAAAAAAAAAA==".into()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let good = content[4000..].to_vec();
    let sum = sha256_header(&good);
    let res = tus.patch_with(&url, 4000, good, Some(sum)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let file = file_of(&server, &url).await;
    assert_eq!(place.download(&server, file).await, content);
}

#[tokio::test]
async fn termination_removes_the_upload_its_bytes_and_the_record_it_made() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);

    // A record the upload made goes with it.
    let url = tus.create_ok(100, &place.in_folder("dropped.mov")).await;
    let made = file_of(&server, &url).await;
    tus.patch(&url, 0, vec![1; 50]).await;
    let res = tus
        .request(Method::DELETE, url.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "tus-resumable"), "1.0.0");
    assert_eq!(tus.head(&url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        tus.patch(&url, 50, vec![1]).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = server
        .get(&place.token, &format!("{}/{made}", place.files_path()))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // A record made through the API stays, pending, for another upload.
    let file = place.file(&server, "kept.mov").await;
    let meta = metadata(&[("file_id", &file.to_string())]);
    let url = tus.create_ok(100, &meta).await;
    let res = tus
        .request(Method::DELETE, url.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(place.show(&server, file).await["state"], "pending");
    assert!(
        staging_files(&server).is_empty(),
        "{:?}",
        staging_files(&server)
    );
    let url = tus.create_ok(3, &meta).await;
    tus.send_all(&url, b"abc", 0, 3).await;
    assert_eq!(place.download(&server, file).await, b"abc");
}

#[tokio::test]
async fn a_new_upload_into_the_same_file_replaces_the_callers_unfinished_one() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let file = place.file(&server, "again.mov").await;
    let meta = metadata(&[("file_id", &file.to_string())]);
    let old = tus.create_ok(10, &meta).await;
    tus.patch(&old, 0, vec![9; 5]).await;
    let new = tus.create_ok(4, &meta).await;
    assert_eq!(tus.head(&old).await.status(), StatusCode::NOT_FOUND);
    tus.send_all(&new, b"new!", 0, 4).await;
    assert_eq!(place.download(&server, file).await, b"new!");

    // A ready file can be uploaded again; the new bytes replace the old ones at the end.
    let url = tus.create_ok(5, &meta).await;
    assert_eq!(place.download(&server, file).await, b"new!");
    tus.send_all(&url, b"newer", 0, 5).await;
    assert_eq!(place.download(&server, file).await, b"newer");
    assert_eq!(
        place.show(&server, file).await["sha256"],
        sha256_hex(b"newer")
    );
}

#[tokio::test]
async fn idle_uploads_expire_and_are_cleaned_up() {
    let server = TestServer::start_with(|c| c.upload_expiry = Duration::from_secs(1)).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let url = tus.create_ok(100, &place.in_folder("idle.mov")).await;
    let made = file_of(&server, &url).await;
    let res = tus.patch(&url, 0, vec![1; 10]).await;
    let expires = httpdate::parse_http_date(&header(&res, "upload-expires")).unwrap();
    let from_now = expires
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_default();
    assert!(from_now <= Duration::from_secs(2), "{from_now:?}");
    assert_eq!(staging_files(&server).len(), 1);

    tokio::time::sleep(Duration::from_millis(1800)).await;
    let res = tus.patch(&url, 10, vec![1; 10]).await;
    assert!(
        matches!(res.status(), StatusCode::GONE | StatusCode::NOT_FOUND),
        "{}",
        res.status()
    );
    // The sweep runs a few times per expiry period.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(tus.head(&url).await.status(), StatusCode::NOT_FOUND);
    assert!(staging_files(&server).is_empty());
    let res = server
        .get(&place.token, &format!("{}/{made}", place.files_path()))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn three_partial_uploads_concatenate_into_one_file() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let content = bytes(250_000);
    let pieces = [
        &content[..100_000],
        &content[100_000..180_000],
        &content[180_000..],
    ];
    let mut urls = Vec::new();
    for piece in pieces {
        // Partials need no target; tus-js-client sends none.
        let res = tus
            .request(Method::POST, server.url("uploads"))
            .header("Upload-Concat", "partial")
            .header("Upload-Length", piece.len().to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let url = location(&res);
        tus.send_all(&url, piece, 0, 60_000).await;
        let head = tus.head(&url).await;
        assert_eq!(header(&head, "upload-concat"), "partial");
        urls.push(url);
    }
    let list = format!("final;{} {} {}", urls[0], urls[1].path(), urls[2]);
    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Concat", list.clone())
        .header("Upload-Metadata", place.in_folder("joined.mov"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(header(&res, "upload-sha256"), sha256_hex(&content));
    let final_url = location(&res);
    let head = tus.head(&final_url).await;
    assert_eq!(header(&head, "upload-offset"), "250000");
    assert_eq!(header(&head, "upload-length"), "250000");
    assert_eq!(header(&head, "upload-concat"), list);
    let res = tus.patch(&final_url, 250_000, vec![1]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let file = file_of(&server, &final_url).await;
    let shown = place.show(&server, file).await;
    assert_eq!(shown["state"], "ready");
    assert_eq!(shown["size"], 250_000);
    assert_eq!(place.download(&server, file).await, content);
    for url in &urls {
        assert_eq!(tus.head(url).await.status(), StatusCode::NOT_FOUND);
    }
    assert!(staging_files(&server).is_empty());
}

#[tokio::test]
async fn a_final_upload_needs_complete_partials_of_the_caller() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Concat", "partial")
        .header("Upload-Length", "10")
        .send()
        .await
        .unwrap();
    let partial = location(&res);
    tus.patch(&partial, 0, vec![1; 5]).await;
    let single = tus.create_ok(3, &place.in_folder("single")).await;
    for parts in [
        format!("final;{partial}"),
        format!("final;{single}"),
        "final;/uploads/0123456789abcdef0123456789abcdef".to_owned(),
    ] {
        let res = tus
            .request(Method::POST, server.url("uploads"))
            .header("Upload-Concat", parts.clone())
            .header("Upload-Metadata", place.in_folder("joined"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{parts}");
    }
}
