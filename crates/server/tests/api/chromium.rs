//! The headless Chromium the browser tests drive: Debian's Chromium through chromedriver over
//! WebDriver, each with a fresh profile of its own (a second one is a second person's browser),
//! its downloads saved to a folder of its own. With what those tests make: a clip, a member.

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
use crate::tus_client::Place;

/// How long the page gets to show something before the test gives up.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// chromedriver with a headless Chromium session; both end when dropped.
pub struct Chromium {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    /// Where the browser saves downloads.
    downloads: tempfile::TempDir,
}

impl Chromium {
    pub async fn start() -> Self {
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
    pub async fn find_text(&self, css: &str, text: &str) -> Element {
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

    pub async fn wait_for_path(&self, path: &str) {
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
    pub async fn picture(&self, name: &str) {
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
    pub async fn sign_in(&self, server: &TestServer, email: &str) {
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
    pub async fn downloaded(&self, name: &str) -> std::path::PathBuf {
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
    pub async fn open_for_review(&self, name: &str) {
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
    pub async fn comment(&self, text: &str) {
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
    pub async fn open_folder(&self, project: &str, folder: &str) {
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

    /// Opens review link `url` and waits for its name gate.
    pub async fn open_link(&self, url: &str) {
        self.client.goto(url).await.unwrap();
        self.find_text("[data-testid=guest-gate]", "Your name")
            .await;
    }

    /// At a review link's name gate: enters as a guest named `name`.
    pub async fn enter_as(&self, name: &str) {
        let field = self
            .client
            .find(Locator::Css("[data-testid=guest-name]"))
            .await
            .unwrap();
        // The gate offers the last name given in this browser.
        field.clear().await.unwrap();
        field.send_keys(name).await.unwrap();
        self.find_text("[data-testid=guest-enter]", "Open")
            .await
            .click()
            .await
            .unwrap();
        self.find_text("[data-testid=guest-as]", &format!("Reviewing as {name}"))
            .await;
    }

    /// What the server answers the page's own `fetch(path)` (with this browser's cookies).
    pub async fn status_of(&self, path: &str) -> Value {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 fetch(arguments[0]).then((r) => done(r.status), (e) => done(String(e)));",
                vec![json!(path)],
            )
            .await
            .unwrap()
    }

    /// Asserts that nothing with any of these `data-testid`s is on the page.
    pub async fn shows_none(&self, testids: &[&str]) {
        for absent in testids {
            let found = self
                .client
                .find_all(Locator::Css(&format!("[data-testid={absent}]")))
                .await
                .unwrap();
            assert!(found.is_empty(), "the page shows {absent}");
        }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A two-second H.264 clip at 25 fps, made by ffmpeg.
pub fn clip(dir: &std::path::Path) -> Vec<u8> {
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
pub async fn member(server: &TestServer, place: &Place, email: &str, role: &str) {
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
