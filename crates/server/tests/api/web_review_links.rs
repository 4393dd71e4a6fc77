//! Review links in a real browser (headless Chromium, `chromium.rs`) against the real server:
//! a team member makes one with the web app's Share dialog, and a guest — a browser that never
//! signed in to anything, with a profile of its own — opens it, gives a name, comments at a
//! frame, downloads the file when the link allows, and leaves.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::chromium::{clip, member, Chromium};
use crate::common::{data, TestServer};
use crate::tus_client::{file_of, sha256_hex, Place, Tus};

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

#[tokio::test]
async fn an_editor_shares_a_folder_in_the_browser_and_a_guest_comments_downloads_and_leaves() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let email = "editor@rushes.test";
    member(&server, &place, email, "editor").await;
    let (bytes, file) = uploaded_clip(&server, &place).await;

    // The editor selects the folder in the web app and makes a link with Share….
    let team = Chromium::start().await;
    team.sign_in(&server, email).await;
    team.find_text("[data-testid=project-item]", "Shoot")
        .await
        .click()
        .await
        .unwrap();
    team.find_text("[data-testid=folder-item]", "Day 1")
        .await
        .click()
        .await
        .unwrap();
    team.find_text("[data-testid=share]", "Share")
        .await
        .click()
        .await
        .unwrap();
    team.find_text("[data-testid=share-dialog]", "Share “Day 1”")
        .await;
    team.find_text("[data-testid=share-download]", "")
        .await
        .click()
        .await
        .unwrap();
    team.find_text("[data-testid=share-label]", "")
        .await
        .send_keys("For the colourist")
        .await
        .unwrap();
    team.find_text("[data-testid=share-create]", "Create link")
        .await
        .click()
        .await
        .unwrap();
    // The address is shown once (Copy may not reach a headless clipboard; the field has it).
    let url = team
        .find_text("[data-testid=share-url]", "")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(url.starts_with(server.url("r/").as_str()), "{url}");
    team.find_text(
        "[data-testid=share-link]",
        "For the colourist · View, comment and download",
    )
    .await;
    team.picture("web-share").await;
    team.close().await;

    // The team's API has the link as made in the dialog.
    let links: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("api/projects/{}/review-links", place.project),
            )
            .await,
    )
    .await;
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0]["folder_id"], place.folder);
    assert_eq!(links[0]["permission"], "download");
    assert_eq!(links[0]["label"], "For the colourist");

    // Someone else, in a browser of their own, opens the address they were sent.
    let guest = Chromium::start().await;
    guest.open_link(&url).await;
    guest.enter_as("Robin").await;
    guest.open_folder("Shoot", "Day 1").await;
    guest.open_for_review("A001.mp4").await;
    guest.shows_none(&TEAM_ONLY).await;
    guest.comment("Warmer from here").await;

    // A download link: Download saves the original, byte for byte, in the browser's downloads.
    guest
        .find_text("[data-testid=download]", "Download")
        .await
        .click()
        .await
        .unwrap();
    let saved = guest.downloaded("A001.mp4").await;
    assert_eq!(
        sha256_hex(&std::fs::read(&saved).unwrap()),
        sha256_hex(&bytes)
    );

    // The team sees the comment, by the name given, marked as a guest's.
    let comments = comments_on(&server, &place, file).await;
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0]["body"], "Warmer from here");
    assert_eq!(comments[0]["author"]["name"], "Robin");
    assert_eq!(comments[0]["author"]["guest"], true);

    // Leave ends the guest session on the server and shows the name gate again; the page's
    // cookie opens nothing any more.
    guest
        .find_text("[data-testid=guest-leave]", "Leave")
        .await
        .click()
        .await
        .unwrap();
    guest
        .find_text("[data-testid=guest-gate]", "Your name")
        .await;
    assert_eq!(guest.status_of("/api/guest/session").await, json!(401));
    assert_eq!(
        guest.status_of(&format!("/api/guest/files/{file}")).await,
        json!(401)
    );
    let cookies = guest.client.get_all_cookies().await.unwrap();
    assert!(
        cookies.iter().all(|c| c.name() != "rushes_guest"),
        "{cookies:?}"
    );
    guest.close().await;
}
