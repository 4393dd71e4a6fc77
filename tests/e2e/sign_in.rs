//! Signing in to a team server from the real app: a second `rushes-server` process, the app
//! under WebDriver, and a stand-in "system browser" (the command the app opens URLs with) that
//! signs in and allows access through the server's real pages, then hands the redirect back the
//! way the OS does: by running the app binary a second time with the `rushes://` URL (deep
//! link), or by requesting the loopback URL.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rushes_client::secret_store::{KeychainStore, SecretStore};
use url::Url;

use crate::driver::{App, PATIENCE};
use crate::page_browser::PageBrowser;

const EMAIL: &str = "ada@rushes.test";
const PASSWORD: &str = "correct horse battery";

/// A `rushes-server` process on a free port with its data in a temp dir.
struct ServerProcess {
    child: Child,
    url: Url,
    data_dir: PathBuf,
}

impl ServerProcess {
    async fn start(dir: &Path, ttl_secs: u64) -> Self {
        let bin = crate::app_binary().with_file_name("rushes-server");
        assert!(
            bin.exists(),
            "{} is missing: build it with `cargo build -p rushes-server` (nextest --workspace does)",
            bin.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let data_dir = dir.join("server");
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        let child = Command::new(bin)
            .args(["serve", "--data-dir"])
            .arg(&data_dir)
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args(["--access-token-ttl", &ttl_secs.to_string()])
            .env("RUSHES_ADMIN_EMAIL", EMAIL)
            .env("RUSHES_ADMIN_PASSWORD", PASSWORD)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let url: Url = format!("http://127.0.0.1:{port}/").parse().unwrap();
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(r) = reqwest::get(url.join("healthz").unwrap()).await {
                if r.status().is_success() {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Self {
            child,
            url,
            data_dir,
        }
    }

    /// The label the app gives this server in the sidebar.
    fn label(&self) -> String {
        format!("127.0.0.1:{}", self.url.port().unwrap_or_default())
    }

    /// An access token of the person, through an API key made on the data dir.
    async fn token(&self) -> String {
        let key = rushes_server::offline::create_api_key(&self.data_dir, EMAIL, "e2e")
            .await
            .unwrap();
        let answer: serde_json::Value = reqwest::Client::new()
            .post(self.url.join("auth/api-key").unwrap())
            .json(&serde_json::json!({ "apiKey": key.secret }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["access_token"].as_str().unwrap().to_owned()
    }

    async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let mut req = reqwest::Client::new()
            .request(method, self.url.join(path).unwrap())
            .bearer_auth(self.token().await);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.json().await.unwrap_or(serde_json::Value::Null)
    }

    async fn create_project(&self, name: &str) {
        let body = serde_json::json!({ "name": name, "description": "" });
        self.api(reqwest::Method::POST, "api/projects", Some(body))
            .await;
    }

    async fn project_names(&self) -> Vec<String> {
        let list = self.api(reqwest::Method::GET, "api/projects", None).await;
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app with a stand-in browser that writes each URL it is asked to open to a file.
struct SignInApp {
    app: App,
    opened: PathBuf,
    instance: String,
}

async fn start_app(dir: &tempfile::TempDir, redirect: &str) -> SignInApp {
    let opened = dir.path().join("opened-urls");
    let script = dir.path().join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Its own single instance, so tests and a running app never forward to each other.
    let instance = format!(
        "e2e{}x{}",
        std::process::id(),
        dir.path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    let connections = dir.path().join("connections.json");
    let env: Vec<(&str, &OsStr)> = vec![
        ("RUSHES_BROWSER", script.as_os_str()),
        ("RUSHES_CONNECTIONS_FILE", connections.as_os_str()),
        ("RUSHES_INSTANCE_ID", OsStr::new(&instance)),
        ("RUSHES_SIGNIN_REDIRECT", OsStr::new(redirect)),
    ];
    let log = dir.path().join("app.log");
    let app = match App::start_with_env(
        &crate::app_binary(),
        &dir.path().join("library"),
        &log,
        &env,
    )
    .await
    {
        Ok(app) => app,
        Err(e) => panic!(
            "{e}\n--- app log ---\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        ),
    };
    app.library_url().await.unwrap();
    SignInApp {
        app,
        opened,
        instance,
    }
}

impl SignInApp {
    /// Waits for the app to open the browser and returns the URL it opened.
    async fn opened_url(&self, nth: usize) -> Url {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = std::fs::read_to_string(&self.opened).unwrap_or_default();
            if let Some(line) = text.lines().nth(nth) {
                return line.parse().unwrap();
            }
            assert!(
                Instant::now() < deadline,
                "the app did not open the browser"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Plays the person at the browser for the `nth` URL opened, then hands the redirect back.
    async fn finish_in_browser(&self, nth: usize) -> Duration {
        let url = self.opened_url(nth).await;
        let started = Instant::now();
        let back = PageBrowser::new()
            .authorize(&url, EMAIL, PASSWORD)
            .await
            .unwrap();
        match back.scheme() {
            // What the OS does with a `rushes://` link: run the app with it. The single-instance
            // plugin forwards it to the running app and this process exits.
            "rushes" => {
                let status = Command::new(crate::app_binary())
                    .arg(back.as_str())
                    .env("RUSHES_INSTANCE_ID", &self.instance)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success(), "the second invocation failed: {status}");
            }
            "http" => {
                let page = reqwest::get(back).await.unwrap();
                assert_eq!(
                    page.status(),
                    200,
                    "the loopback listener took the callback"
                );
            }
            other => panic!("unexpected redirect scheme {other}"),
        }
        started.elapsed()
    }

    async fn add_server(&self, url: &Url, method: &str) {
        self.app
            .click(r#"[data-testid="add-server"]"#)
            .await
            .unwrap();
        self.app
            .type_into(r#"[data-testid="server-url"]"#, url.as_str())
            .await
            .unwrap();
        self.app
            .click(&format!(r#"[data-testid="method-{method}"]"#))
            .await
            .unwrap();
    }

    async fn wait_signed_in(&self, server: &ServerProcess) {
        self.app
            .wait_for_text(
                r#"[data-testid="connection-item"][data-state="signed_in"] [data-testid="connection-label"]"#,
                &server.label(),
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn browser_sign_in_by_deep_link_lists_projects_and_sign_out_forgets() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), 3600).await;
    server.create_project("Night Shoot").await;
    let s = start_app(&dir, "deep_link").await;

    let clicked = Instant::now();
    s.add_server(&server.url, "browser").await;
    s.app
        .click(r#"[data-testid="server-submit"]"#)
        .await
        .unwrap();
    let opened = s.opened_url(0).await;
    assert!(
        opened
            .as_str()
            .contains("redirect_uri=rushes%3A%2F%2Foauth%2Fcallback"),
        "{opened}"
    );
    s.finish_in_browser(0).await;
    s.wait_signed_in(&server).await;
    s.app
        .wait_for_text(r#"[data-testid="project-item"]"#, "Night Shoot")
        .await
        .unwrap();
    eprintln!("deep-link sign-in round trip: {:?}", clicked.elapsed());

    // Sign out: the connection stays, signed out, and its keychain entry is gone.
    let item = s.app.find(r#"[data-testid="connection-item"][data-state="signed_in"][data-id]:not([data-id="local"])"#).await.unwrap();
    let id = item.attr("data-id").await.unwrap().unwrap();
    s.app
        .click(r#"[data-testid="connection-sign-out"]"#)
        .await
        .unwrap();
    s.app
        .find(&format!(
            r#"[data-testid="connection-item"][data-id="{id}"][data-state="signed_out"]"#
        ))
        .await
        .unwrap();
    let account = format!("connection:{id}");
    let entry =
        tokio::task::spawn_blocking(move || KeychainStore::new("io.rushes.desktop").get(&account))
            .await
            .unwrap()
            .unwrap();
    assert!(
        entry.is_none(),
        "signing out removed the secrets from the keychain"
    );
    s.app.close().await;
}

#[tokio::test]
async fn browser_sign_in_by_loopback_keeps_working_with_short_tokens_until_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), 2).await;
    server.create_project("Day Exteriors").await;
    let s = start_app(&dir, "loopback").await;

    let clicked = Instant::now();
    s.add_server(&server.url, "browser").await;
    s.app
        .click(r#"[data-testid="server-submit"]"#)
        .await
        .unwrap();
    let opened = s.opened_url(0).await;
    assert!(
        opened
            .as_str()
            .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"),
        "{opened}"
    );
    s.finish_in_browser(0).await;
    s.wait_signed_in(&server).await;
    s.app
        .wait_for_text(r#"[data-testid="project-item"]"#, "Day Exteriors")
        .await
        .unwrap();
    eprintln!("loopback sign-in round trip: {:?}", clicked.elapsed());

    // The access token lives 2 s: well after that, the app still works.
    tokio::time::sleep(Duration::from_secs(3)).await;
    s.app.create_project("Made Later").await.unwrap();
    assert!(server
        .project_names()
        .await
        .contains(&"Made Later".to_owned()));

    // The person withdraws the app at the server: the app says it was signed out.
    let list = server
        .api(reqwest::Method::GET, "api/authorizations", None)
        .await;
    let id = list["data"][0]["id"].as_i64().unwrap();
    server
        .api(
            reqwest::Method::DELETE,
            &format!("api/authorizations/{id}"),
            None,
        )
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    s.app.click(r#"[data-testid="connection-item"]:not([data-id="local"]) [data-testid="connection-select"]"#).await.unwrap();
    let message = s
        .app
        .find(r#"[data-testid="connection-message"]"#)
        .await
        .unwrap();
    let text = message
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        text.contains("signed you out") && text.contains("sign in again"),
        "{text}"
    );
    s.app
        .find(r#"[data-testid="connection-sign-in"]"#)
        .await
        .unwrap();
    s.app.close().await;
}

#[tokio::test]
async fn api_key_and_client_credentials_sign_in_through_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), 3600).await;
    server.create_project("Commercial").await;
    let key = rushes_server::offline::create_api_key(&server.data_dir, EMAIL, "app")
        .await
        .unwrap();
    let s = start_app(&dir, "loopback").await;

    s.add_server(&server.url, "api_key").await;
    s.app
        .type_into(r#"[data-testid="server-api-key"]"#, &key.secret)
        .await
        .unwrap();
    s.app
        .click(r#"[data-testid="server-submit"]"#)
        .await
        .unwrap();
    s.wait_signed_in(&server).await;
    s.app
        .wait_for_text(r#"[data-testid="project-item"]"#, "Commercial")
        .await
        .unwrap();
    s.app
        .click(r#"[data-testid="connection-sign-out"]"#)
        .await
        .unwrap();
    s.app
        .find(r#"[data-testid="connection-item"][data-state="signed_out"]"#)
        .await
        .unwrap();

    let body = serde_json::json!({"name": "Ingest", "redirect_uris": ["https://ingest.example/cb"], "public": false});
    let app = server
        .api(reqwest::Method::POST, "api/oauth-apps", Some(body))
        .await;
    s.add_server(&server.url, "client_credentials").await;
    s.app
        .type_into(
            r#"[data-testid="server-client-id"]"#,
            app["data"]["client_id"].as_str().unwrap(),
        )
        .await
        .unwrap();
    s.app
        .type_into(
            r#"[data-testid="server-client-secret"]"#,
            app["data"]["client_secret"].as_str().unwrap(),
        )
        .await
        .unwrap();
    s.app
        .type_into(r#"[data-testid="server-username"]"#, EMAIL)
        .await
        .unwrap();
    s.app
        .type_into(r#"[data-testid="server-password"]"#, PASSWORD)
        .await
        .unwrap();
    s.app
        .click(r#"[data-testid="server-submit"]"#)
        .await
        .unwrap();
    s.wait_signed_in(&server).await;
    s.app
        .wait_for_text(r#"[data-testid="project-item"]"#, "Commercial")
        .await
        .unwrap();
    s.app.close().await;
}
