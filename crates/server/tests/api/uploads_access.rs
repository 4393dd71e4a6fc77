//! Who may upload: editors of the folder, each to their own uploads.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::common::TestServer;
use crate::tus_client::{metadata, Place, Tus};

#[tokio::test]
async fn viewers_and_commenters_may_not_upload_editors_may() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let file = place.file(&server, "a.mov").await;
    for (email, role, status) in [
        ("viewer@rushes.test", "viewer", StatusCode::FORBIDDEN),
        ("commenter@rushes.test", "commenter", StatusCode::FORBIDDEN),
        ("editor@rushes.test", "editor", StatusCode::CREATED),
    ] {
        let token = server.user_token(email).await;
        server.grant(place.project, email, role).await;
        let tus = Tus::new(&server, &token);
        let name = format!("{role}.mov");
        let res = tus.create(10, &place.in_folder(&name)).await;
        assert_eq!(res.status(), status, "{role} into the folder");
        let res = tus
            .create(10, &metadata(&[("file_id", &file.to_string())]))
            .await;
        assert_eq!(res.status(), status, "{role} into a file");
        if status == StatusCode::FORBIDDEN {
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["code"], "forbidden");
        }
    }
}

#[tokio::test]
async fn strangers_are_told_the_target_does_not_exist() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let file = place.file(&server, "a.mov").await;
    let token = server.user_token("stranger@rushes.test").await;
    let tus = Tus::new(&server, &token);
    let res = tus.create(10, &place.in_folder("b.mov")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = tus
        .create(10, &metadata(&[("file_id", &file.to_string())]))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_users_upload_is_not_found_even_for_an_editor() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let owner = Tus::new(&server, &place.token);
    let url = owner.create_ok(10, &place.in_folder("mine.mov")).await;

    let token = server.user_token("editor@rushes.test").await;
    server
        .grant(place.project, "editor@rushes.test", "editor")
        .await;
    let other = Tus::new(&server, &token);
    assert_eq!(other.head(&url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        other.patch(&url, 0, vec![1; 10]).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = other
        .request(Method::DELETE, url.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Nor may they start an upload into a file someone else is uploading.
    let file = crate::tus_client::file_of(&server, &url).await;
    let res = other
        .create(10, &metadata(&[("file_id", &file.to_string())]))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(owner.offset(&url).await, 0);
}

#[tokio::test]
async fn without_a_token_everything_but_options_is_401() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let owner = Tus::new(&server, &place.token);
    let url = owner.create_ok(10, &place.in_folder("a.mov")).await;
    let anonymous = |method: Method, url: url::Url| {
        server
            .http
            .request(method, url)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", "10")
            .header("Upload-Offset", "0")
            .header("Content-Type", "application/offset+octet-stream")
    };
    for (method, url) in [
        (Method::POST, server.url("uploads")),
        (Method::HEAD, url.clone()),
        (Method::PATCH, url.clone()),
        (Method::DELETE, url.clone()),
    ] {
        let res = anonymous(method.clone(), url).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{method}");
        assert!(res.headers().contains_key("www-authenticate"));
    }
    let res = anonymous(Method::OPTIONS, url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_upload_that_expects_a_pending_record_of_its_own_writes_into_nothing_else() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let file = place.file(&server, "a.mov").await;
    let pending = metadata(&[("file_id", &file.to_string()), ("expect_pending", "1")]);

    // The record it made: fine, and it gets its bytes.
    let url = tus.create_ok(4, &pending).await;
    tus.send_all(&url, b"abcd", 0, 4).await;
    assert_eq!(place.show(&server, file).await["state"], "ready");

    // Ready now: a resumed client that expects a pending record is refused, nothing written.
    let res = tus.create(4, &pending).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "not_pending");
    assert_eq!(place.download(&server, file).await, b"abcd");
    // Replacing on purpose still works.
    tus.create_ok(4, &metadata(&[("file_id", &file.to_string())]))
        .await;

    // Another editor's pending record is not theirs to fill.
    let theirs = place.file(&server, "b.mov").await;
    server.user_token("editor@rushes.test").await;
    server
        .grant(place.project, "editor@rushes.test", "editor")
        .await;
    let editor = Tus::new(&server, &server.token_for("editor@rushes.test").await);
    let res = editor
        .create(
            4,
            &metadata(&[("file_id", &theirs.to_string()), ("expect_pending", "1")]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}
