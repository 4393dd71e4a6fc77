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
use crate::tus_client::{file_of, Place, Tus};

/// How long the page gets to show something before the test gives up.
const PATIENCE: Duration = Duration::from_secs(30);

/// chromedriver with a headless Chromium session; both end when dropped.
struct Chromium {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
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
            assert!(
                Instant::now() < deadline,
                "no {css} with {text:?} on {}",
                self.client.current_url().await.unwrap()
            );
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

#[tokio::test]
async fn a_person_signs_in_in_a_browser_browses_comments_at_a_frame_and_signs_out() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let email = "director@rushes.test";
    password_user(&server, email).await;
    let directory = server.get(&place.token, "api/users?email=director").await;
    let director = data::<Vec<Value>>(directory).await[0]["id"]
        .as_i64()
        .unwrap();
    let granted = server
        .http
        .put(server.url(&format!(
            "api/projects/{}/members/{director}",
            place.project
        )))
        .bearer_auth(&place.token)
        .json(&json!({ "role": "commenter" }))
        .send()
        .await
        .unwrap();
    assert_eq!(granted.status(), StatusCode::OK);
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
    browser.client.goto(server.url("").as_str()).await.unwrap();
    // Nobody is signed in: the app sends the browser to the server's sign-in page.
    browser.wait_for_path("/signin").await;
    browser.picture("web-sign-in").await;
    let form = &browser.client;
    form.find(Locator::Css("input[name=email]"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    form.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    form.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // The same UI as the desktop app, on this server, as this person.
    browser.wait_for_path("/").await;
    browser.find_text("[data-testid=signed-in-as]", email).await;
    browser
        .find_text("[data-testid=project-item]", "Shoot")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_text("[data-testid=tree-folder]", "Day 1")
        .await
        .click()
        .await
        .unwrap();
    let item = browser
        .find_text("[data-testid=file-item]", "A001.mp4")
        .await;
    item.click().await.unwrap();
    browser.picture("web-browse").await;
    browser
        .client
        .find(Locator::Css("[data-testid=browse-items]"))
        .await
        .unwrap()
        .send_keys("\u{E007}") // Enter opens the selected file for review.
        .await
        .unwrap();
    browser
        .find_text("[data-testid=review-title]", "A001.mp4")
        .await;
    let text = browser
        .client
        .find(Locator::Css("[data-testid=comment-text]"))
        .await
        .unwrap();
    text.send_keys("Boom in shot").await.unwrap();
    browser
        .find_text("[data-testid=comment-send]", "")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_text("[data-testid=thread]", "Boom in shot")
        .await;
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
