//! The web app in a real browser (headless Chromium, `chromium.rs`) against the real server: a
//! person opens the server's address, is sent to the sign-in page, signs in, browses to a clip,
//! comments at a frame (a change, so the session's CSRF token is on the request), and signs
//! out; a folder goes up from the page with its tree, and a big file resumes after a reload.
//! Review links in the browser are in `web_review_links.rs`.

use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::Value;

use crate::chromium::{clip, member, Chromium, PATIENCE};
use crate::common::{data, TestServer};
use crate::tus_client::{file_of, sha256_hex, Place, Tus};

#[tokio::test]
async fn a_person_signs_in_in_a_browser_browses_comments_at_a_frame_and_signs_out() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let email = "director@rushes.test";
    member(&server, &place, email, "commenter").await;
    let bytes = clip(server.dir.path());
    let tus = Tus::new(&server, &place.token);
    let upload = tus
        .create_ok(bytes.len() as u64, &place.in_folder("A001.mp4"))
        .await;
    assert_eq!(
        tus.send_all(&upload, &bytes, 0, bytes.len()).await.status(),
        StatusCode::NO_CONTENT
    );
    let file = file_of(&server, &upload).await;

    let browser = Chromium::start().await;
    browser.sign_in(&server, email).await;

    // The same UI as the desktop app, on this server, as this person.
    browser.wait_for_path("/").await;
    browser.find_text("[data-testid=signed-in-as]", email).await;
    browser.open_folder("Shoot", "Day 1").await;
    browser
        .find_text("[data-testid=file-item]", "A001.mp4")
        .await;
    browser.picture("web-browse").await;
    browser.open_for_review("A001.mp4").await;
    browser.comment("Boom in shot").await;
    browser.picture("web-review").await;

    // The team sees it through the API, by this person.
    let comments = server
        .get(
            &place.token,
            &format!("{}/{file}/comments", place.files_path()),
        )
        .await;
    let comments: Vec<Value> = data(comments).await;
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0]["body"], "Boom in shot");
    assert_eq!(comments[0]["author"]["email"], email);

    // Signing out ends the session: the app is back at the sign-in page, the cookie is gone,
    // and opening the app again leads to signing in again.
    browser
        .find_text("[data-testid=sign-out]", "Sign out")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for_path("/signin").await;
    let cookies = browser.client.get_all_cookies().await.unwrap();
    assert!(
        cookies.iter().all(|c| c.name() != "rushes_web"),
        "{cookies:?}"
    );
    browser.client.goto(server.url("").as_str()).await.unwrap();
    browser.wait_for_path("/signin").await;
    browser.close().await;
}

/// The children of folder `id` of the place's project: (folders by name, files by name with
/// their state and SHA-256).
async fn listed(server: &TestServer, place: &Place, id: i64) -> (Vec<(String, i64)>, Vec<Value>) {
    let path = format!("api/projects/{}/folders/{id}", place.project);
    let folders = data::<Vec<Value>>(
        server
            .get(&place.token, &format!("{path}/children?per_page=500"))
            .await,
    )
    .await
    .iter()
    .map(|f| {
        (
            f["name"].as_str().unwrap().to_owned(),
            f["id"].as_i64().unwrap(),
        )
    })
    .collect();
    let files = data::<Vec<Value>>(
        server
            .get(&place.token, &format!("{path}/files?per_page=500"))
            .await,
    )
    .await;
    (folders, files)
}

#[tokio::test]
async fn a_folder_given_to_the_browser_goes_up_with_its_tree_and_resumes_after_a_reload() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let email = "editor@rushes.test";
    member(&server, &place, email, "editor").await;
    // On the person's disk: a card with a clip, a note in a subfolder, an empty file.
    let disk = tempfile::tempdir().unwrap();
    let card = disk.path().join("Card A");
    std::fs::create_dir_all(card.join("Notes")).unwrap();
    let clip: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(card.join("A001.mov"), &clip).unwrap();
    std::fs::write(card.join("Notes").join("Tonspur Ü.txt"), "Ton läuft").unwrap();
    std::fs::write(card.join("empty.bin"), b"").unwrap();

    let browser = Chromium::start().await;
    browser.sign_in(&server, email).await;
    browser.open_folder("Shoot", "Day 1").await;
    browser
        .client
        .find(Locator::Css("[data-testid=upload-folder-input]"))
        .await
        .unwrap()
        .send_keys(card.to_str().unwrap())
        .await
        .unwrap();
    for name in ["A001.mov", "Tonspur Ü.txt", "empty.bin"] {
        browser
            .find_text(
                &format!("[data-testid=web-upload][data-state=done][data-name=\"{name}\"]"),
                name,
            )
            .await;
    }

    // On the server: the same tree, the same bytes.
    let (top, _) = listed(&server, &place, place.folder).await;
    let card_id = top.iter().find(|(n, _)| n == "Card A").unwrap().1;
    let (inside, files) = listed(&server, &place, card_id).await;
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["A001.mov", "empty.bin"], "{files:?}");
    assert_eq!(files[0]["state"], "ready");
    assert_eq!(files[0]["sha256"], sha256_hex(&clip));
    assert_eq!(files[1]["size"], 0);
    let notes = inside.iter().find(|(n, _)| n == "Notes").unwrap().1;
    let (_, notes_files) = listed(&server, &place, notes).await;
    assert_eq!(notes_files[0]["name"], "Tonspur Ü.txt");
    assert_eq!(notes_files[0]["sha256"], sha256_hex("Ton läuft".as_bytes()));

    // And back down: the folder as one ZIP, into the browser's downloads, whole.
    browser
        .find_text("[data-testid=folder-item]", "Card A")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_text("[data-testid=download]", "Download as ZIP")
        .await
        .click()
        .await
        .unwrap();
    let zip = browser.downloaded("Card A.zip").await;
    let listing = Command::new("unzip").arg("-Z1").arg(&zip).output().unwrap();
    assert!(listing.status.success(), "{listing:?}");
    let mut entries: Vec<String> = String::from_utf8(listing.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        ["A001.mov", "Notes/", "Notes/Tonspur Ü.txt", "empty.bin"],
        "{zip:?}"
    );
    let tested = Command::new("unzip").arg("-tq").arg(&zip).output().unwrap();
    assert!(tested.status.success(), "{tested:?}");

    // A big file, paused part-way, then the page reloaded and the file given again: it goes on
    // from what the server has (one record, no "(2)"), and arrives whole.
    let big = disk.path().join("B001.mov");
    let size: u64 = 1 << 30;
    std::fs::File::create(&big).unwrap().set_len(size).unwrap();
    browser
        .client
        .find(Locator::Css("[data-testid=upload-files-input]"))
        .await
        .unwrap()
        .send_keys(big.to_str().unwrap())
        .await
        .unwrap();
    let row = "[data-testid=web-upload][data-name=\"B001.mov\"]";
    let deadline = Instant::now() + PATIENCE;
    loop {
        let sent: u64 = match browser.client.find(Locator::Css(row)).await {
            Ok(el) => el
                .attr("data-sent")
                .await
                .unwrap()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
            Err(_) => 0,
        };
        if sent >= 32 << 20 {
            break;
        }
        assert!(Instant::now() < deadline, "B001.mov never got going");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The uploads panel with the big file on its way (the README's picture of it).
    browser.picture("web-upload").await;
    browser
        .client
        .find(Locator::Css("button[aria-label=\"Pause B001.mov\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .find_text(&format!("{row}[data-state=paused]"), "B001.mov")
        .await;
    // What the server holds of it now, asked the way tus clients ask.
    let kept = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const key = Object.keys(localStorage).find((k) => k.startsWith('tus::') && k.includes('B001.mov'));\
             const url = JSON.parse(localStorage.getItem(key)).uploadUrl;\
             fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } })\
               .then((r) => done(Number(r.headers.get('Upload-Offset'))), (e) => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    let kept = kept.as_u64().unwrap_or_else(|| panic!("{kept}"));
    assert!(
        kept > 0 && kept < size,
        "the server holds {kept} of {size} bytes"
    );

    browser.client.refresh().await.unwrap();
    browser.find_text("[data-testid=signed-in-as]", email).await;
    browser.open_folder("Shoot", "Day 1").await;
    browser
        .client
        .find(Locator::Css("[data-testid=upload-files-input]"))
        .await
        .unwrap()
        .send_keys(big.to_str().unwrap())
        .await
        .unwrap();
    browser
        .find_text(&format!("{row}[data-state=done]"), "B001.mov")
        .await;
    let (_, day) = listed(&server, &place, place.folder).await;
    let bigs: Vec<&Value> = day
        .iter()
        .filter(|f| f["name"].as_str().unwrap().starts_with("B001"))
        .collect();
    assert_eq!(bigs.len(), 1, "{day:?}");
    assert_eq!(bigs[0]["state"], "ready");
    assert_eq!(bigs[0]["size"], size);
    browser.close().await;
}
