//! The review loop as a guest sees it in a real browser (headless Chromium, `chromium.rs`): the
//! team's second version of a clip, with an arrow drawn on a frame, is what a review link opens;
//! the guest sees the drawing on that frame, switches to the first version (which has none), and
//! asks for changes — which the team reads through the API under the guest's name.

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::chromium::{clip, Chromium};
use crate::common::{data, TestServer};
use crate::tus_client::{file_of, Place, Tus};
use crate::versions::upload_version;

/// The shapes on the player's drawing layer now: their tools.
async fn drawn_tools(browser: &Chromium) -> Vec<String> {
    let mut tools = Vec::new();
    for shape in browser
        .client
        .find_all(Locator::Css("[data-testid=drawn-shape]"))
        .await
        .unwrap()
    {
        tools.push(shape.attr("data-tool").await.unwrap().unwrap_or_default());
    }
    tools
}

/// Waits until the drawing layer shows exactly `tools`.
async fn wait_for_drawing(browser: &Chromium, tools: &[&str]) {
    let deadline = std::time::Instant::now() + crate::chromium::PATIENCE;
    loop {
        let now = drawn_tools(browser).await;
        if now == tools {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the picture shows {now:?}, not {tools:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_guest_sees_the_teams_drawing_on_the_newest_version_and_asks_for_changes() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let bytes = clip(server.dir.path());
    let tus = Tus::new(&server, &place.token);
    let upload = tus
        .create_ok(bytes.len() as u64, &place.in_folder("A001.mp4"))
        .await;
    assert_eq!(
        tus.send_all(&upload, &bytes, 0, bytes.len()).await.status(),
        StatusCode::NO_CONTENT
    );
    let v1 = file_of(&server, &upload).await;
    let v2 = upload_version(&server, &place, v1, &bytes).await;

    // The team's comment on v2's frame 10, with an arrow across the picture.
    let arrow = json!({"shapes": [{
        "tool": "arrow", "color": "#ff3b30", "width": 0.01,
        "points": [[0.2, 0.3], [0.7, 0.6]],
    }]});
    let commented = server
        .post(
            &place.token,
            &format!("{}/{v2}/comments", place.files_path()),
            json!({"body": "Boom pole, here", "frame": 10, "drawing": arrow}),
        )
        .await;
    assert_eq!(commented.status(), StatusCode::CREATED);

    let created = server
        .post(
            &place.token,
            &format!("api/projects/{}/review-links", place.project),
            json!({"folder_id": place.folder, "permission": "comment",
                   "can_set_status": true, "label": "Director's cut"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let link: Value = data(created).await;

    let browser = Chromium::start().await;
    browser.open_link(link["url"].as_str().unwrap()).await;
    browser.enter_as("Dana").await;
    browser.open_folder("Shoot", "Day 1").await;
    browser.open_for_review("A001.mp4").await;
    browser
        .find_text("[data-testid=version-of]", "v2 of 2")
        .await;

    // At the comment's frame, the team's arrow is over the picture.
    browser
        .find_text("[data-testid=comment-at]", "")
        .await
        .click()
        .await
        .unwrap();
    wait_for_drawing(&browser, &["arrow"]).await;
    browser.picture("web-guest-drawing").await;

    // Changes requested, by the guest.
    browser
        .find_text(
            "[data-testid=status-select] option[value=changes_requested]",
            "",
        )
        .await
        .click()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + crate::chromium::PATIENCE;
    let file = loop {
        let file: Value = data(
            server
                .get(&place.token, &format!("{}/{v2}", place.files_path()))
                .await,
        )
        .await;
        if file["status"] == "changes_requested" || std::time::Instant::now() > deadline {
            break file;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(file["status"], "changes_requested", "{file}");
    assert_eq!(file["status_set_by"]["name"], "Dana");
    assert_eq!(file["status_set_by"]["guest"], true);

    // v1 has its own comments (none) and so nothing drawn.
    browser
        .find_text("[data-testid=version-switcher] option", "v1")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_text("[data-testid=version-of]", "v1 of 2")
        .await;
    wait_for_drawing(&browser, &[]).await;
    browser.close().await;
}
