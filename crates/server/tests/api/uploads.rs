//! tus 1.0 at `/uploads`: the core protocol, creation and creation-with-upload, and the file an
//! upload fills.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::common::TestServer;
use crate::tus_client::{bytes, file_of, header, location, metadata, sha256_hex, Place, Tus};

#[tokio::test]
async fn options_advertise_version_extensions_and_limits_without_a_token() {
    let server = TestServer::start().await;
    let res = server
        .http
        .request(Method::OPTIONS, server.url("uploads"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "tus-resumable"), "1.0.0");
    assert_eq!(header(&res, "tus-version"), "1.0.0");
    let extensions = header(&res, "tus-extension");
    for ext in [
        "creation",
        "creation-with-upload",
        "expiration",
        "checksum",
        "termination",
        "concatenation",
    ] {
        assert!(extensions.split(',').any(|e| e == ext), "{extensions}");
    }
    assert_eq!(header(&res, "tus-checksum-algorithm"), "sha1,sha256");
    assert_eq!(header(&res, "tus-max-size"), (1u64 << 50).to_string());
}

#[tokio::test]
async fn upload_in_chunks_reports_offsets_and_makes_the_file_ready() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let file = place.file(&server, "A001_C002.mov").await;
    let content = bytes(300_000);

    let url = tus
        .create_ok(
            content.len() as u64,
            &metadata(&[("file_id", &file.to_string())]),
        )
        .await;
    assert!(
        url.as_str().starts_with(server.url("uploads/").as_str()),
        "{url}"
    );
    let head = tus.head(&url).await;
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, "upload-offset"), "0");
    assert_eq!(header(&head, "upload-length"), "300000");
    assert_eq!(header(&head, "cache-control"), "no-store");
    assert!(header(&head, "upload-expires").ends_with(" GMT"));

    let res = tus.patch(&url, 0, content[..100_000].to_vec()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "upload-offset"), "100000");
    assert_eq!(header(&res, "tus-resumable"), "1.0.0");
    assert!(header(&res, "upload-expires").ends_with(" GMT"));
    assert_eq!(tus.offset(&url).await, 100_000);
    assert_eq!(place.show(&server, file).await["state"], "pending");

    let last = tus.send_all(&url, &content, 100_000, 64 * 1024).await;
    let sha = sha256_hex(&content);
    assert_eq!(header(&last, "upload-sha256"), sha);
    let head = tus.head(&url).await;
    assert_eq!(header(&head, "upload-offset"), "300000");
    assert_eq!(header(&head, "upload-sha256"), sha);

    let shown = place.show(&server, file).await;
    assert_eq!(shown["state"], "ready");
    assert_eq!(shown["size"], 300_000);
    assert_eq!(shown["sha256"], sha.as_str());
    assert_eq!(place.download(&server, file).await, content);
}

#[tokio::test]
async fn creation_with_upload_into_a_folder_creates_the_file_record() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let content = bytes(5000);

    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Length", "5000")
        .header(
            "Upload-Metadata",
            metadata(&[
                ("folder_id", &place.folder.to_string()),
                ("filename", "sound.wav"),
                ("filetype", "audio/wav"),
            ]),
        )
        .header("Content-Type", "application/offset+octet-stream")
        .body(content[..2000].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(header(&res, "upload-offset"), "2000");
    let url = location(&res);
    let file = file_of(&server, &url).await;
    let shown = place.show(&server, file).await;
    assert_eq!(shown["name"], "sound.wav");
    assert_eq!(shown["content_type"], "audio/wav");
    assert_eq!(shown["state"], "pending");

    tus.send_all(&url, &content, 2000, 10_000).await;
    assert_eq!(place.show(&server, file).await["state"], "ready");
    assert_eq!(place.download(&server, file).await, content);
}

#[tokio::test]
async fn a_whole_file_in_the_creation_request_is_finished_at_once() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Length", "3")
        .header("Upload-Metadata", place.in_folder("abc.txt"))
        .header("Content-Type", "application/offset+octet-stream")
        .body("abc")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(header(&res, "upload-offset"), "3");
    assert_eq!(
        header(&res, "upload-sha256"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // And an empty file needs no PATCH at all.
    let url = tus.create_ok(0, &place.in_folder("empty")).await;
    let file = file_of(&server, &url).await;
    assert_eq!(place.show(&server, file).await["state"], "ready");
}

#[tokio::test]
async fn a_name_taken_in_the_folder_is_409_like_the_api() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    place.file(&server, "A001.mov").await;
    let res = tus.create(10, &place.in_folder("A001.mov")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "name_taken");
}

#[tokio::test]
async fn a_patch_at_the_wrong_offset_is_409_and_changes_nothing() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let url = tus.create_ok(100, &place.in_folder("clip.mov")).await;
    assert_eq!(
        tus.patch(&url, 0, vec![1; 40]).await.status(),
        StatusCode::NO_CONTENT
    );
    for wrong in [0, 39, 41, 100] {
        let res = tus.patch(&url, wrong, vec![2; 10]).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "offset {wrong}");
        assert_eq!(header(&res, "upload-offset"), "40");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "offset_mismatch");
    }
    assert_eq!(tus.offset(&url).await, 40);
}

#[tokio::test]
async fn bodies_past_the_length_are_413_and_lengths_past_the_limit_too() {
    let server = TestServer::start_with(|c| c.max_upload_size = 1000).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let res = tus.create(1001, &place.in_folder("big")).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let url = tus.create_ok(10, &place.in_folder("small")).await;
    let res = tus.patch(&url, 0, vec![0; 11]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(tus.offset(&url).await, 0);
}

#[tokio::test]
async fn protocol_errors_have_tus_statuses_in_the_error_envelope() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let url = tus.create_ok(10, &place.in_folder("a")).await;

    // Another protocol version: 412, naming ours.
    let res = server
        .http
        .head(url.clone())
        .bearer_auth(&place.token)
        .header("Tus-Resumable", "0.2.2")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(header(&res, "tus-version"), "1.0.0");
    assert_eq!(header(&res, "tus-resumable"), "1.0.0");

    // A PATCH body of another type: 415.
    let res = tus
        .request(Method::PATCH, url.clone())
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/octet-stream")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], 415);
    assert_eq!(body["code"], "bad_request");

    // No length at all, and metadata naming no target: 400.
    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Metadata", place.in_folder("b"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(tus.create(1, "").await.status(), StatusCode::BAD_REQUEST);

    // Unknown and malformed upload ids: 404.
    for path in ["uploads/0123456789abcdef0123456789abcdef", "uploads/..%2Fx"] {
        let res = tus.head(&server.url(path)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn method_override_turns_a_post_into_a_patch() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let url = tus.create_ok(4, &place.in_folder("a")).await;
    let res = tus
        .request(Method::POST, url.clone())
        .header("X-HTTP-Method-Override", "PATCH")
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .body("abcd")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "upload-offset"), "4");
}

#[tokio::test]
async fn a_deferred_length_is_given_with_a_later_patch() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Defer-Length", "1")
        .header("Upload-Metadata", place.in_folder("live.mov"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let url = location(&res);
    let head = tus.head(&url).await;
    assert_eq!(header(&head, "upload-defer-length"), "1");
    assert_eq!(header(&head, "upload-length"), "");
    tus.patch(&url, 0, b"abc".to_vec()).await;
    let res = tus
        .request(Method::PATCH, url.clone())
        .header("Upload-Offset", "3")
        .header("Upload-Length", "6")
        .header("Content-Type", "application/offset+octet-stream")
        .body("def")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "upload-sha256"), sha256_hex(b"abcdef"));
    let file = file_of(&server, &url).await;
    assert_eq!(place.download(&server, file).await, b"abcdef");
}
