//! Review links in a real browser (headless Chromium, `chromium.rs`) against the real server:
//! a guest — a browser that never signed in to anything — opens one, gives a name, and
//! reviews what it covers and nothing else.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::chromium::{clip, Chromium};
use crate::common::{data, TestServer};
use crate::tus_client::{file_of, Place, Tus};

/// What a guest must never be shown: the team's managing.
const TEAM_ONLY: [&str; 7] = [
    "tab-metadata",
    "open-members",
    "new-project",
    "comment-resolve",
    "share",
    "rename",
    "sign-out",
];

/// The test clip as `A001.mp4` in the place's folder: its bytes and its file id.
async fn uploaded_clip(server: &TestServer, place: &Place) -> (Vec<u8>, i64) {
    let bytes = clip(server.dir.path());
    let tus = Tus::new(server, &place.token);
    let upload = tus
        .create_ok(bytes.len() as u64, &place.in_folder("A001.mp4"))
        .await;
    assert_eq!(
        tus.send_all(&upload, &bytes, 0, bytes.len()).await.status(),
        StatusCode::NO_CONTENT
    );
    let file = file_of(server, &upload).await;
    (bytes, file)
}

/// The comments on `file`, as the team reads them through the API.
async fn comments_on(server: &TestServer, place: &Place, file: i64) -> Vec<Value> {
    let path = format!("{}/{file}/comments", place.files_path());
    data(server.get(&place.token, &path).await).await
}

#[tokio::test]
async fn a_guest_with_only_a_link_reviews_and_comments_and_reaches_nothing_else() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let (_, file) = uploaded_clip(&server, &place).await;
    let created = server
        .post(
            &place.token,
            &format!("api/projects/{}/review-links", place.project),
            json!({ "folder_id": place.folder, "permission": "comment", "label": "For the director" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let link: Value = data(created).await;
    let url = link["url"].as_str().unwrap().to_owned();

    // A browser that never signed in to anything opens the link.
    let browser = Chromium::start().await;
    browser.open_link(&url).await;
    browser.picture("web-guest-gate").await;
    browser.enter_as("Dana").await;
    browser.open_folder("Shoot", "Day 1").await;
    browser.open_for_review("A001.mp4").await;
    // The link allows comments, not downloads, and nothing of the team's managing.
    browser.shows_none(&["download"]).await;
    browser.shows_none(&TEAM_ONLY).await;
    browser.comment("Too dark at the start").await;
    browser.picture("web-guest-review").await;

    // The team sees the guest's comment, by the name given, marked as a guest's.
    let comments = comments_on(&server, &place, file).await;
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0]["body"], "Too dark at the start");
    assert_eq!(comments[0]["author"]["name"], "Dana");
    assert_eq!(comments[0]["author"]["guest"], true);

    // The guest's cookie opens nothing of the team's API.
    assert_eq!(browser.status_of("/api/projects").await, json!(401));
    browser.close().await;
}
