//! The web app in a real browser: Debian's Chromium, headless, driven through chromedriver over
//! WebDriver, against the real server. A person opens the server's address, is sent to the
//! sign-in page, signs in, browses to a clip, comments at a frame (a change, so the session's
//! CSRF token is on the request), and signs out.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{data, TestServer};
use crate::oauth_support::{password_user, PASSWORD};
use crate::tus_client::{file_of, sha256_hex, Place, Tus};

/// How long the page gets to show something before the test gives up.
const PATIENCE: Duration = Duration::from_secs(30);

/// chromedriver with a headless Chromium session; both end when dropped.
struct Chromium {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    /** Where the browser saves downloads. */
    downloads: tempfile::TempDir,
}

impl Chromium {
    async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is needed for this test: run scripts/setup-system.sh --test");
        let deadline = Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let downloads = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.path(),
                    "download.prompt_for_download": false,
                },
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session in Chromium");
        Self {
            client,
            driver,
            _profile: profile,
            downloads,
        }
    }

    /// Waits for an element matching `css` whose text contains `text`.
    async fn find_text(&self, css: &str, text: &str) -> Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
                if element.text().await.unwrap_or_default().contains(text) {
                    return element;
                }
            }
            if Instant::now() > deadline {
                let shown = match self.client.find(Locator::Css("body")).await {
                    Ok(body) => body.text().await.unwrap_or_default(),
                    Err(e) => e.to_string(),
                };
                panic!(
                    "no {css} with {text:?} on {}; the page shows:\n{shown}",
                    self.client.current_url().await.unwrap()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn wait_for_path(&self, path: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.client.current_url().await.unwrap().path() != path {
            assert!(
                Instant::now() < deadline,
                "still at {}",
                self.client.current_url().await.unwrap()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves what the page shows as `<RUSHES_WEB_SCREENSHOTS>/<name>.png` when that variable
    /// names a folder (how the README's pictures of the web app are made); otherwise nothing.
    async fn picture(&self, name: &str) {
        let Some(dir) = std::env::var_os("RUSHES_WEB_SCREENSHOTS") else {
            return;
        };
        // Let the last change settle (fonts, a poster) before taking it.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    /// Opens the server's address, is sent to its sign-in page, signs in as `email` (with
    /// the test password) and waits for the app.
    async fn sign_in(&self, server: &TestServer, email: &str) {
        self.client.goto(server.url("").as_str()).await.unwrap();
        // Nobody is signed in: the app sends the browser to the server's sign-in page.
        self.wait_for_path("/signin").await;
        self.picture("web-sign-in").await;
        for (field, value) in [("email", email), ("password", PASSWORD)] {
            self.client
                .find(Locator::Css(&format!("input[name={field}]")))
                .await
                .unwrap()
                .send_keys(value)
                .await
                .unwrap();
        }
        self.client
            .find(Locator::Css("button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_for_path("/").await;
        self.find_text("[data-testid=signed-in-as]", email).await;
    }

    /// Waits for the browser to have saved `name` in its downloads, whole.
    async fn downloaded(&self, name: &str) -> std::path::PathBuf {
        let path = self.downloads.path().join(name);
        let deadline = Instant::now() + PATIENCE;
        loop {
            let partial = std::fs::read_dir(self.downloads.path())
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
            if path.exists() && !partial {
                return path;
            }
            assert!(Instant::now() < deadline, "{name} was not downloaded");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Selects file `name` in the open folder and opens it for review (Enter).
    async fn open_for_review(&self, name: &str) {
        self.find_text("[data-testid=file-item]", name)
            .await
            .click()
            .await
            .unwrap();
        self.client
            .find(Locator::Css("[data-testid=browse-items]"))
            .await
            .unwrap()
            .send_keys("\u{E007}")
            .await
            .unwrap();
        self.find_text("[data-testid=review-title]", name).await;
    }

    /// Writes `text` as a comment at the frame on screen and waits for its thread.
    async fn comment(&self, text: &str) {
        self.client
            .find(Locator::Css("[data-testid=comment-text]"))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
        self.find_text("[data-testid=comment-send]", "")
            .await
            .click()
            .await
            .unwrap();
        self.find_text("[data-testid=thread]", text).await;
    }

    /// Opens `folder` of `project` from the sidebar.
    async fn open_folder(&self, project: &str, folder: &str) {
        self.find_text("[data-testid=project-item]", project)
            .await
            .click()
            .await
            .unwrap();
        self.find_text("[data-testid=tree-folder]", folder)
            .await
            .click()
            .await
            .unwrap();
    }

    async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A two-second H.264 clip at 25 fps, made by ffmpeg.
fn clip(dir: &std::path::Path) -> Vec<u8> {
    let path = dir.join("web-clip.mp4");
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc=duration=2:size=320x240:rate=25")
        .args(["-c:v", "libx264", "-pix_fmt", "yuv420p"])
        .arg(&path)
        .status()
        .expect("ffmpeg must be installed for the tests (scripts/setup-system.sh --test)");
    assert!(status.success());
    std::fs::read(path).unwrap()
}

/// Makes `email` (with the test password) a member of the place's project with `role`.
async fn member(server: &TestServer, place: &Place, email: &str, role: &str) {
    password_user(server, email).await;
    let directory = server
        .get(&place.token, &format!("api/users?email={email}"))
        .await;
    let id = data::<Vec<Value>>(directory).await[0]["id"]
        .as_i64()
        .unwrap();
    let granted = server
        .http
        .put(server.url(&format!("api/projects/{}/members/{id}", place.project)))
        .bearer_auth(&place.token)
        .json(&json!({ "role": role }))
        .send()
        .await
        .unwrap();
    assert_eq!(granted.status(), StatusCode::OK);
}

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

#[tokio::test]
async fn a_guest_with_only_a_link_reviews_and_comments_and_reaches_nothing_else() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let bytes = clip(server.dir.path());
    let tus = Tus::new(&server, &place.token);
    let upload = tus
        .create_ok(bytes.len() as u64, &place.in_folder("A001.mp4"))
        .await;
    tus.send_all(&upload, &bytes, 0, bytes.len()).await;
    let file = file_of(&server, &upload).await;
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
    browser.client.goto(&url).await.unwrap();
    browser
        .find_text("[data-testid=guest-gate]", "Your name")
        .await;
    browser.picture("web-guest-gate").await;
    browser
        .client
        .find(Locator::Css("[data-testid=guest-name]"))
        .await
        .unwrap()
        .send_keys("Dana")
        .await
        .unwrap();
    browser
        .find_text("[data-testid=guest-enter]", "Open")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_text("[data-testid=guest-as]", "Reviewing as Dana")
        .await;
    browser.open_folder("Shoot", "Day 1").await;
    browser.open_for_review("A001.mp4").await;
    // The link allows comments, not downloads, and nothing of the team's managing.
    for absent in [
        "download",
        "tab-metadata",
        "open-members",
        "new-project",
        "comment-resolve",
    ] {
        let found = browser
            .client
            .find_all(Locator::Css(&format!("[data-testid={absent}]")))
            .await
            .unwrap();
        assert!(found.is_empty(), "a guest is shown {absent}");
    }
    browser.comment("Too dark at the start").await;
    browser.picture("web-guest-review").await;

    // The team sees the guest's comment, by the name given, marked as a guest's.
    let comments: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{file}/comments", place.files_path()),
            )
            .await,
    )
    .await;
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0]["body"], "Too dark at the start");
    assert_eq!(comments[0]["author"]["name"], "Dana");
    assert_eq!(comments[0]["author"]["guest"], true);

    // The guest's cookie opens nothing of the team's API.
    let status = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             fetch('/api/projects').then((r) => done(r.status), (e) => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(status, json!(401));
    browser.close().await;
}
