//! Finding 4 of the adversarial review: any signed-in user could fill the disk with partial
//! uploads (no target, no role, 1 PiB each, unlimited in number). Partials now need someone who
//! may upload somewhere and are bounded per user, and uploads are held to per-user and
//! per-project storage quotas: checked at creation, on every PATCH of a deferred length and at
//! concatenation, answered 413 `quota_exceeded`, and reported by the usage endpoints.

use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

use crate::common::{data, error, TestServer};
use crate::tus_client::{bytes, file_of, header, location, Place, Tus};

/// Starts a server with these quotas (bytes; `None` for no limit) and at most `partials`
/// partial uploads per user.
async fn server_with(user: Option<i64>, project: Option<i64>, partials: u32) -> TestServer {
    TestServer::start_with(|c| {
        c.quotas.user_bytes = user;
        c.quotas.project_bytes = project;
        c.quotas.max_partials = partials;
    })
    .await
}

/// POST /uploads for a partial of `length` bytes, without metadata, as tus-js-client's
/// `parallelUploads` sends it.
async fn partial(tus: &Tus<'_>, length: u64) -> Response {
    tus.request(Method::POST, tus.server.url("uploads"))
        .header("Upload-Concat", "partial")
        .header("Upload-Length", length.to_string())
        .send()
        .await
        .unwrap()
}

/// POST /uploads with a deferred length into a new file `name` of the place's folder.
async fn deferred(tus: &Tus<'_>, place: &Place, name: &str) -> Response {
    tus.request(Method::POST, tus.server.url("uploads"))
        .header("Upload-Defer-Length", "1")
        .header("Upload-Metadata", place.in_folder(name))
        .send()
        .await
        .unwrap()
}

/// The `error.base` message of a refusal, after checking it is a 413 `quota_exceeded`.
async fn quota_refusal(res: Response) -> String {
    let envelope = error(res, StatusCode::PAYLOAD_TOO_LARGE, "quota_exceeded").await;
    envelope.message()
}

/// `(used_bytes, limit_bytes)` of a usage endpoint.
async fn usage(server: &TestServer, token: &str, path: &str) -> (i64, Option<i64>) {
    let res = server.get(token, path).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = data(res).await;
    (
        body["used_bytes"].as_i64().unwrap(),
        body["limit_bytes"].as_i64(),
    )
}

/// Rows in the uploads table and tus staging files: what a refused creation must not leave.
async fn traces(server: &TestServer) -> (i64, usize) {
    let pool = server.db().await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    let staged = std::fs::read_dir(server.dir.path().join("staging"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("tus-")
        })
        .count();
    (rows, staged)
}

#[tokio::test]
async fn a_user_who_may_not_upload_anywhere_cannot_create_a_partial_upload() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let stranger = server.user_token("stranger@rushes.test").await;
    let viewer = server.user_token("viewer@rushes.test").await;
    server
        .grant(place.project, "viewer@rushes.test", "viewer")
        .await;
    let commenter = server.user_token("commenter@rushes.test").await;
    server
        .grant(place.project, "commenter@rushes.test", "commenter")
        .await;
    for token in [&stranger, &viewer, &commenter] {
        let res = partial(&Tus::new(&server, token), 10).await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert_eq!(traces(&server).await, (0, 0));
}

#[tokio::test]
async fn an_editor_of_one_folder_can_create_and_join_partial_uploads() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let token = server.user_token("editor@rushes.test").await;
    server
        .grant_folder(place.folder, "editor@rushes.test", "editor")
        .await;
    let tus = Tus::new(&server, &token);
    let res = partial(&tus, 6).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let piece = location(&res);
    assert_eq!(
        tus.patch(&piece, 0, bytes(6)).await.status(),
        StatusCode::NO_CONTENT
    );
    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Concat", format!("final;{piece}"))
        .header("Upload-Metadata", place.in_folder("joined.mov"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
}

#[tokio::test]
async fn the_partial_upload_past_the_allowed_number_is_refused() {
    let server = server_with(None, None, 3).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let mut pieces = Vec::new();
    for _ in 0..3 {
        let res = partial(&tus, 10).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        pieces.push(location(&res));
    }
    let message = quota_refusal(partial(&tus, 10).await).await;
    assert!(message.contains("3 partial uploads"), "{message}");

    // Terminating one frees its slot.
    let res = tus
        .request(Method::DELETE, pieces[0].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(partial(&tus, 10).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn partial_bytes_past_the_allowance_are_refused() {
    let server = TestServer::start_with(|c| c.quotas.partial_bytes = 100).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    assert_eq!(partial(&tus, 60).await.status(), StatusCode::CREATED);
    quota_refusal(partial(&tus, 41).await).await;
    assert_eq!(partial(&tus, 40).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_upload_past_the_project_quota_is_refused_at_creation_and_nothing_is_written() {
    let server = server_with(None, Some(1000), 64).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let message = quota_refusal(tus.create(1001, &place.in_folder("big.mov")).await).await;
    assert!(
        message.contains("this project has 0 B of 1.0 kB used"),
        "{message}"
    );
    assert!(message.contains("0 of 1000 bytes"), "{message}");

    // No upload, no staging file, no file record.
    assert_eq!(traces(&server).await, (0, 0));
    let res = server.get(&place.token, &place.files_path()).await;
    let files: Vec<Value> = data(res).await;
    assert!(files.is_empty(), "{files:?}");

    // Into a record made through the API: refused the same way, and the record stays pending.
    let file = place.file(&server, "pending.mov").await;
    let meta = crate::tus_client::metadata(&[("file_id", &file.to_string())]);
    quota_refusal(tus.create(1001, &meta).await).await;
    assert_eq!(traces(&server).await, (0, 0));
    assert_eq!(tus.create(1000, &meta).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_upload_past_the_user_quota_is_refused_at_creation() {
    let server = server_with(Some(500), None, 64).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let first = tus.create_ok(300, &place.in_folder("a.mov")).await;
    // The declared 300 bytes are promised, though none has arrived yet.
    let message = quota_refusal(tus.create(201, &place.in_folder("b.mov")).await).await;
    assert!(
        message.contains("you have 300 B of 500 B used"),
        "{message}"
    );
    // Partials count against the same quota.
    quota_refusal(partial(&tus, 201).await).await;
    assert_eq!(
        tus.create(200, &place.in_folder("b.mov")).await.status(),
        StatusCode::CREATED
    );
    // A new upload into the same file replaces the caller's own, and is not counted twice.
    let file = file_of(&server, &first).await;
    let meta = crate::tus_client::metadata(&[("file_id", &file.to_string())]);
    assert_eq!(tus.create(300, &meta).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_deferred_length_upload_is_stopped_at_the_patch_that_crosses_the_quota() {
    let server = server_with(None, Some(1000), 64).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let res = deferred(&tus, &place, "live.mov").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let url = location(&res);
    let content = bytes(1200);
    assert_eq!(
        tus.patch(&url, 0, content[..600].to_vec()).await.status(),
        StatusCode::NO_CONTENT
    );
    let message = quota_refusal(tus.patch(&url, 600, content[600..1200].to_vec()).await).await;
    assert!(message.contains("600 of 1000 bytes"), "{message}");
    // Nothing of the refused chunk was kept, and what fits still goes in.
    assert_eq!(tus.offset(&url).await, 600);
    let res = tus.patch(&url, 600, content[600..1000].to_vec()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "upload-offset"), "1000");

    // Settling a length past the quota is refused too.
    let res = deferred(&tus, &place, "more.mov").await;
    let more = location(&res);
    let res = tus
        .request(Method::PATCH, more.clone())
        .header("Upload-Offset", "0")
        .header("Upload-Length", "10")
        .header("Content-Type", "application/offset+octet-stream")
        .body(Vec::new())
        .send()
        .await
        .unwrap();
    quota_refusal(res).await;
}

#[tokio::test]
async fn deleting_files_frees_the_quota_again() {
    let server = server_with(None, Some(1000), 64).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let url = tus.create_ok(800, &place.in_folder("a.mov")).await;
    tus.send_all(&url, &bytes(800), 0, 800).await;
    let file = file_of(&server, &url).await;
    quota_refusal(tus.create(300, &place.in_folder("b.mov")).await).await;

    let res = server
        .send(
            Method::DELETE,
            &place.token,
            &format!("{}/{file}", place.files_path()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        tus.create(300, &place.in_folder("b.mov")).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_concatenation_past_the_project_quota_is_refused() {
    let server = server_with(None, Some(100), 64).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let mut parts = Vec::new();
    for _ in 0..2 {
        let piece = location(&partial(&tus, 60).await);
        tus.patch(&piece, 0, bytes(60)).await;
        parts.push(piece.path().to_owned());
    }
    let res = tus
        .request(Method::POST, server.url("uploads"))
        .header("Upload-Concat", format!("final;{}", parts.join(" ")))
        .header("Upload-Metadata", place.in_folder("joined.mov"))
        .send()
        .await
        .unwrap();
    quota_refusal(res).await;
    let res = server.get(&place.token, &place.files_path()).await;
    let files: Vec<Value> = data(res).await;
    assert!(files.is_empty(), "{files:?}");
}

#[tokio::test]
async fn the_usage_endpoints_report_used_and_allowed_bytes() {
    let server = server_with(Some(10_000), Some(5_000), 64).await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);
    let url = tus.create_ok(800, &place.in_folder("a.mov")).await;
    tus.send_all(&url, &bytes(800), 0, 800).await;
    tus.create_ok(150, &place.in_folder("b.mov")).await;
    let piece = location(&partial(&tus, 40).await);
    tus.patch(&piece, 0, bytes(40)).await;

    // The user: the ready file, the declared unfinished upload and the partial.
    assert_eq!(
        usage(&server, &place.token, "api/me/usage").await,
        (990, Some(10_000))
    );
    // The project: the same without the partial, which belongs to no project yet.
    let path = format!("api/projects/{}/usage", place.project);
    assert_eq!(
        usage(&server, &place.token, &path).await,
        (950, Some(5_000))
    );

    // Members may see it; anyone else is told the project does not exist.
    let viewer = server.user_token("viewer@rushes.test").await;
    server
        .grant(place.project, "viewer@rushes.test", "viewer")
        .await;
    assert_eq!(usage(&server, &viewer, &path).await, (950, Some(5_000)));
    assert_eq!(
        usage(&server, &viewer, "api/me/usage").await,
        (0, Some(10_000))
    );
    let stranger = server.user_token("stranger@rushes.test").await;
    error(
        server.get(&stranger, &path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn without_quotas_the_usage_has_no_limit() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    assert_eq!(usage(&server, &token, "api/me/usage").await, (0, None));
}
