//! Starts the real app through tauri-driver and WebKitWebDriver and connects a WebDriver client.
//!
//! Shared by the end-to-end tests and the screenshot command (`examples/screenshot.rs`).
//! tauri-driver is stopped with SIGTERM, never SIGKILL: a killed tauri-driver orphans
//! WebKitWebDriver, which keeps its port and any inherited pipe open.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// How long to wait for the driver, the window and elements before failing.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running app under WebDriver. Dropping it ends the session's processes.
pub struct App {
    pub client: Client,
    driver: Child,
    /// The library's data dir, owned by the test (the screenshot command does not need it).
    #[allow(dead_code)]
    pub data_dir: PathBuf,
    /// Output of tauri-driver, WebKitWebDriver and the app.
    log: PathBuf,
    /// Marks the app's process (in its environment) so that closing can wait for it to exit.
    tag: String,
}

/// The environment variable that carries [`App::tag`]; the app itself ignores it.
const TAG_ENV: &str = "RUSHES_E2E_TAG";
/// How long a closed app gets to exit before it is killed.
const EXIT_PATIENCE: Duration = Duration::from_secs(10);

/// A free TCP port on loopback (racy in theory; each e2e test asks just before binding).
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl App {
    /// Starts `binary` with its local library in `data_dir` and waits for the WebDriver session.
    pub async fn start(binary: &Path, data_dir: &Path, log: &Path) -> Result<App, String> {
        Self::start_with_env(binary, data_dir, log, &[]).await
    }

    /// Like [`Self::start`], with more environment for the app (tauri-driver passes it on).
    pub async fn start_with_env(
        binary: &Path,
        data_dir: &Path,
        log: &Path,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Result<App, String> {
        let port = free_port().map_err(|e| e.to_string())?;
        let native_port = free_port().map_err(|e| e.to_string())?;
        let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let tag = unique_tag();
        // A profile of its own (log file, window state, webview storage) beside the library, so
        // apps of different tests never share one, while a restart in the same test does.
        let profile = data_dir.with_extension("profile");
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("RUSHES_LIBRARY_DIR", data_dir)
            .env(TAG_ENV, &tag)
            // Its own single instance, so a start never forwards to an app that is still
            // exiting; tests of forwarding pass their own id in `env`.
            .env("RUSHES_INSTANCE_ID", &tag)
            .env("XDG_DATA_HOME", profile.join("data"))
            .env("XDG_CONFIG_HOME", profile.join("config"))
            .env("XDG_CACHE_HOME", profile.join("cache"))
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|e| {
                format!("could not start tauri-driver ({e}); run scripts/setup-system.sh --test")
            })?;
        let client = match connect(port, native_port, binary).await {
            Ok(c) => c,
            Err(e) => {
                terminate(driver.id());
                wait_for_exit(&tag);
                return Err(e);
            }
        };
        Ok(App {
            client,
            driver,
            data_dir: data_dir.to_path_buf(),
            log: log.to_path_buf(),
            tag,
        })
    }

    /// Waits for an element matching `css` to be present.
    pub async fn find(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.find(css)
            .await?
            .click()
            .await
            .map_err(|e| format!("click {css}: {e}"))
    }

    /// Types `text` into the element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        self.find(css)
            .await?
            .send_keys(text)
            .await
            .map_err(|e| format!("type into {css}: {e}"))
    }

    /// Waits until some element matching `css` has exactly the text `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<(), String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let items = self
                .client
                .find_all(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            let mut seen = Vec::new();
            for item in items {
                // textContent, not WebDriver's rendered text: WebKitWebDriver's text atom
                // answers "" for these elements in the app's webview.
                match item.prop("textContent").await {
                    Ok(Some(t)) if t.trim() == text => return Ok(()),
                    Ok(t) => seen.push(t.unwrap_or_default()),
                    Err(e) => seen.push(format!("<{e}>")),
                }
            }
            if Instant::now() > deadline {
                let saved = self.save_evidence("wait_for_text").await;
                return Err(format!(
                    "no {css} with text {text:?} after {PATIENCE:?} (saw {seen:?}); {saved}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The `textContent` of the first element matching `css`, trimmed.
    #[allow(dead_code)] // The tests use it; the screenshot command does not.
    pub async fn text(&self, css: &str) -> Result<String, String> {
        let element = self.find(css).await?;
        let text = element
            .prop("textContent")
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        Ok(text.unwrap_or_default().trim().to_owned())
    }

    /// Waits until the first element matching `css` has attribute `name` and `test` accepts its
    /// value; returns the value.
    pub async fn wait_for_attr(
        &self,
        css: &str,
        name: &str,
        test: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        let deadline = Instant::now() + PATIENCE;
        let mut last = None;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(Some(value)) = element.attr(name).await {
                    if test(&value) {
                        return Ok(value);
                    }
                    last = Some(value);
                }
            }
            if Instant::now() > deadline {
                let saved = self.save_evidence("wait_for_attr").await;
                return Err(format!(
                    "{css} [{name}] never matched after {PATIENCE:?} (last {last:?}); {saved}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `js` in the page and returns what it returns (for what no element shows, such as
    /// the video element's own clock).
    pub async fn eval(&self, js: &str) -> Result<serde_json::Value, String> {
        self.client
            .execute(js, Vec::new())
            .await
            .map_err(|e| format!("script {js:?}: {e}"))
    }

    /// Types `keys` (WebDriver key codes allowed) into whatever has focus, as a person at the
    /// keyboard does.
    pub async fn press(&self, keys: &str) -> Result<(), String> {
        let focused = self
            .client
            .active_element()
            .await
            .map_err(|e| format!("no focused element: {e}"))?;
        focused
            .send_keys(keys)
            .await
            .map_err(|e| format!("press {keys:?}: {e}"))
    }

    /// Opens the folder named `name` from the sidebar's tree and waits for its listing.
    pub async fn open_tree_folder(&self, name: &str) -> Result<(), String> {
        self.wait_for_text(r#"[data-testid="tree-folder"]"#, name)
            .await?;
        for folder in self
            .client
            .find_all(Locator::Css(r#"[data-testid="tree-folder"]"#))
            .await
            .map_err(|e| e.to_string())?
        {
            if folder
                .prop("textContent")
                .await
                .ok()
                .flatten()
                .as_deref()
                .map(str::trim)
                == Some(name)
            {
                folder
                    .click()
                    .await
                    .map_err(|e| format!("click {name}: {e}"))?;
                return self
                    .find(r#"[data-testid="browse-filter"]"#)
                    .await
                    .map(|_| ());
            }
        }
        Err(format!("no folder {name} in the sidebar"))
    }

    /// Drops local `paths` on the element matching `css` the way the window reports a drop
    /// from the file manager: the same `tauri://drag-*` events, with the position in physical
    /// pixels, so the UI's own drop code runs (debug builds let the page emit them).
    #[allow(dead_code)] // The tests use it; the screenshot command does too, but not always.
    pub async fn drop_files(&self, css: &str, paths: &[&Path]) -> Result<(), String> {
        self.find(css).await?;
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let script = r#"
            const [css, paths, done] = arguments;
            const el = document.querySelector(css);
            const box = el.getBoundingClientRect();
            const scale = window.devicePixelRatio || 1;
            const position = {
                x: Math.round((box.left + box.width / 2) * scale),
                y: Math.round((box.top + box.height / 2) * scale),
            };
            const emit = (event, payload) =>
                window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event, payload });
            emit('tauri://drag-enter', { paths, position })
                .then(() => emit('tauri://drag-over', { position }))
                .then(() => emit('tauri://drag-drop', { paths, position }))
                .then(() => done(null), (e) => done(String(e)));
        "#;
        let answer = self
            .client
            .execute_async(script, vec![css.into(), paths.into()])
            .await
            .map_err(|e| format!("drop on {css}: {e}"))?;
        match answer.as_str() {
            Some(problem) => Err(format!("drop on {css}: {problem}")),
            None => Ok(()),
        }
    }

    /// Waits until the local library is up and returns its server URL, which the UI publishes
    /// on the status element as `data-url`.
    pub async fn library_url(&self) -> Result<String, String> {
        let status = self.find(r#"[data-testid="library-status"]"#).await?;
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(Some(url)) = status.attr("data-url").await {
                if !url.is_empty() {
                    return Ok(url);
                }
            }
            if Instant::now() > deadline {
                return Err(format!("the library did not start within {PATIENCE:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Creates a project through the sidebar's dialog and waits for it in the list.
    pub async fn create_project(&self, name: &str) -> Result<(), String> {
        self.click(r#"[data-testid="new-project"]"#).await?;
        self.type_into(r#"[data-testid="project-name"]"#, name)
            .await?;
        self.click(r#"[data-testid="project-submit"]"#).await?;
        self.wait_for_text(r#"[data-testid="project-item"]"#, name)
            .await
    }

    /// Creates a folder in the open location through its dialog and waits for it in the list.
    pub async fn create_folder(&self, name: &str) -> Result<(), String> {
        self.click(r#"[data-testid="new-folder"]"#).await?;
        self.type_into(r#"[data-testid="folder-name"]"#, name)
            .await?;
        self.click(r#"[data-testid="folder-submit"]"#).await?;
        self.wait_for_text(r#"[data-testid="folder-item"]"#, name)
            .await
    }

    /// Saves a screenshot and the page source under `e2e-evidence/` in the target scratch dir,
    /// where they outlive the test's temp dir, and returns where, with the end of the app's log.
    pub async fn save_evidence(&self, label: &str) -> String {
        // Cargo gives integration tests a scratch dir under target/; the screenshot example has none.
        let dir = option_env!("CARGO_TARGET_TMPDIR")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir)
            .join("e2e-evidence");
        if std::fs::create_dir_all(&dir).is_err() {
            return "no evidence saved".into();
        }
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{label}.png")), png);
        }
        if let Ok(html) = self.client.source().await {
            let _ = std::fs::write(dir.join(format!("{label}.html")), html);
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!(
            "evidence in {}\n--- app log (last lines) ---\n{}",
            dir.display(),
            tail.join("\n")
        )
    }

    /// Ends the WebDriver session (closing the app), stops tauri-driver and waits until the
    /// app's process is gone, so the next start finds the display and the keychain free.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        terminate(self.driver.id());
        let _ = self.driver.wait();
        wait_for_exit(&self.tag);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Ok(None) = self.driver.try_wait() {
            terminate(self.driver.id());
            let _ = self.driver.wait();
        }
        wait_for_exit(&self.tag);
    }
}

/// A tag no other app of this or another test run carries.
fn unique_tag() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "e2e{}n{}n{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// The processes whose environment carries `tag`: the app (WebKit's own processes get a
/// cleaned environment).
fn tagged_processes(tag: &str) -> Vec<u32> {
    let needle = format!("{TAG_ENV}={tag}");
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|var| var == needle.as_bytes()))
        })
        .collect()
}

/// Waits for the tagged app to exit; kills it when it outstays [`EXIT_PATIENCE`]. An app left
/// running after its window closed would otherwise keep the next test's start waiting.
fn wait_for_exit(tag: &str) {
    let deadline = Instant::now() + EXIT_PATIENCE;
    loop {
        let left = tagged_processes(tag);
        if left.is_empty() {
            return;
        }
        if Instant::now() > deadline {
            eprintln!("the app did not exit within {EXIT_PATIENCE:?}; killing {left:?}");
            for pid in left {
                let _ = Command::new("kill")
                    .args([OsStr::new("-KILL"), OsStr::new(&pid.to_string())])
                    .status();
            }
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Sends SIGTERM so tauri-driver takes WebKitWebDriver down with it.
fn terminate(pid: u32) {
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
}

async fn connect(port: u16, native_port: u16, binary: &Path) -> Result<Client, String> {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": binary }),
    );
    // Wait for tauri-driver and the WebKitWebDriver it starts to listen (tauri-driver is up
    // first and fails a session request it cannot forward yet), then ask once: a failed session
    // start means the app itself did not come up, and retrying would only launch it again.
    let deadline = Instant::now() + PATIENCE;
    for p in [port, native_port] {
        while std::net::TcpStream::connect(("127.0.0.1", p)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("the WebDriver servers did not listen on port {p}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let url = format!("http://127.0.0.1:{port}");
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&url)
        .await
        .map_err(|e| format!("no WebDriver session at {url}: {e}"))
}
