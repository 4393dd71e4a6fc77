//! Camera originals in a real browser (headless Chromium, `chromium.rs`): a ProRes clip that
//! no browser plays goes up through the API, the server makes its proxy, and the review screen
//! of the web app — for a team member and for a guest on a review link — waits while it is
//! prepared and then plays it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::chromium::{member, Chromium};
use crate::common::{data, TestServer};
use crate::tus_client::{file_of, Place, Tus};

/// Long enough for a debug server on a busy machine to probe and make the proxy.
const PREPARING: Duration = Duration::from_secs(120);

/// A two-second ProRes 422 HQ clip at 25 fps with a tone and a start timecode, made by ffmpeg.
fn prores(dir: &Path) -> Vec<u8> {
    let path = dir.join("web-prores.mov");
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc2=duration=2:size=320x180:rate=25")
        .args(["-f", "lavfi", "-i", "sine=frequency=440:duration=2"])
        .args([
            "-c:v",
            "prores_ks",
            "-profile:v",
            "3",
            "-pix_fmt",
            "yuv422p10le",
        ])
        .args(["-c:a", "pcm_s16le", "-timecode", "01:00:00:00", "-shortest"])
        .arg(&path)
        .status()
        .expect("ffmpeg must be installed for the tests (scripts/setup-system.sh --test)");
    assert!(status.success());
    std::fs::read(path).unwrap()
}

/// The ProRes clip as `A001C003.mov` in the place's folder; its file id.
async fn uploaded_prores(server: &TestServer, place: &Place) -> i64 {
    let bytes = prores(server.dir.path());
    let tus = Tus::new(server, &place.token);
    let upload = tus
        .create_ok(bytes.len() as u64, &place.in_folder("A001C003.mov"))
        .await;
    assert_eq!(
        tus.send_all(&upload, &bytes, 0, bytes.len()).await.status(),
        StatusCode::NO_CONTENT
    );
    file_of(server, &upload).await
}

/// What `script` (the body of a function) returns on the page.
async fn page_value(browser: &Chromium, script: &str) -> Value {
    browser.client.execute(script, vec![]).await.unwrap()
}

/// On the review screen: waits until it no longer shows "Preparing" but the player, then
/// presses Play and asserts that the video advances and has a picture. Returns the player's
/// `src`.
async fn plays_once_prepared(browser: &Chromium) -> String {
    let deadline = Instant::now() + PREPARING;
    loop {
        let preparing = browser
            .client
            .find_all(Locator::Css("[data-testid=preparation]"))
            .await
            .unwrap();
        let player = browser
            .client
            .find_all(Locator::Css("[data-testid=player-video]"))
            .await
            .unwrap();
        if preparing.is_empty() && !player.is_empty() {
            break;
        }
        if let Some(shown) = preparing.first() {
            let text = shown.text().await.unwrap_or_default();
            assert!(!text.contains("couldn’t be prepared"), "{text}");
        }
        assert!(Instant::now() < deadline, "still preparing");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let video = "document.querySelector('[data-testid=player-video]')";
    let src = page_value(browser, &format!("return {video}.getAttribute('src');")).await;
    browser
        .find_text("[data-testid=player-video][data-ready=true]", "")
        .await;
    browser
        .client
        .find(Locator::Css("[data-testid=play]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let at = page_value(
            browser,
            &format!("return [{video}.currentTime, {video}.videoWidth, {video}.error && {video}.error.message];"),
        )
        .await;
        assert!(at[2].is_null(), "the video failed: {at}");
        if at[0].as_f64().unwrap_or(0.0) > 0.2 {
            assert!(
                at[1].as_u64().unwrap_or(0) > 0,
                "no picture from {src}: {at}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "the video did not advance: {at}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    src.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_prores_clip_is_prepared_and_then_plays_in_the_web_app() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let email = "editor@rushes.test";
    member(&server, &place, email, "editor").await;
    let file = uploaded_prores(&server, &place).await;

    let browser = Chromium::start().await;
    browser.sign_in(&server, email).await;
    browser.open_folder("Shoot", "Day 1").await;
    browser.open_for_review("A001C003.mov").await;
    let src = plays_once_prepared(&browser).await;
    assert!(src.ends_with(&format!("/files/{file}/proxy")), "{src}");
    // The timecode is the source's.
    browser
        .find_text("[data-testid=player-timecode]", "01:00:0")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_guest_on_a_review_link_plays_a_prores_clip_once_it_is_prepared() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let file = uploaded_prores(&server, &place).await;
    let created = server
        .post(
            &place.token,
            &format!("api/projects/{}/review-links", place.project),
            json!({ "folder_id": place.folder, "permission": "view", "label": "Dailies" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let link: Value = data(created).await;

    let browser = Chromium::start().await;
    browser.open_link(link["url"].as_str().unwrap()).await;
    browser.enter_as("Dana").await;
    browser.open_folder("Shoot", "Day 1").await;
    browser.open_for_review("A001C003.mov").await;
    let src = plays_once_prepared(&browser).await;
    assert!(
        src.ends_with(&format!("/guest/files/{file}/media")),
        "{src}"
    );
    browser.close().await;
}
