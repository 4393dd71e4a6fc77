//! Benchmark (not a test): the web app's first load of the browse view, cold.
//!
//! Starts the real server on loopback with a fresh data dir, a user with a project of a folder
//! of 200 file records, then for each round opens a new Chromium profile (an empty cache),
//! signs in on the server's page and times, in the page's own clock, how long after the app's
//! navigation started its project list was on screen; also what was transferred. Prints the
//! median and the worst. Run with `bench/web-load.sh` (release build; needs chromium and
//! chromium-driver, which `scripts/setup-system.sh --test` installs).

use std::net::{SocketAddr, TcpListener};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use rushes_server::offline::{self, NewUser};
use rushes_server::{AdminBootstrap, ServerConfig};
use serde_json::{json, Value};

const ROUNDS: usize = 5;
const EMAIL: &str = "bench@rushes.invalid";
const PASSWORD: &str = "a bench passphrase";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut config = ServerConfig::new(dir.path(), SocketAddr::from(([127, 0, 0, 1], 0)));
    config.admin = AdminBootstrap::Given {
        email: "admin@rushes.invalid".into(),
        password: None,
        name: "Admin".into(),
    };
    let server = rushes_server::start(config).await?;
    let base = server.base_url().clone();
    offline::create_user(
        dir.path(),
        NewUser {
            email: EMAIL.into(),
            name: Some("Bench".into()),
            password: Some(PASSWORD.into()),
            is_admin: false,
        },
    )
    .await?;
    let key = server.create_api_key(EMAIL, "bench").await?;
    let http = reqwest::Client::new();
    let tokens: Value = http
        .post(base.join("auth/api-key")?)
        .json(&json!({ "apiKey": key.secret }))
        .send()
        .await?
        .json()
        .await?;
    let token = tokens["access_token"]
        .as_str()
        .ok_or("no token")?
        .to_owned();
    let post = |path: String, body: Value| {
        http.post(base.join(&path).unwrap_or_else(|_| base.clone()))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let project: Value = post("api/projects".into(), json!({"name": "Night Shoot"}))
        .await?
        .json()
        .await?;
    let pid = project["data"]["id"].as_i64().ok_or("no project")?;
    let folder: Value = post(
        format!("api/projects/{pid}/folders"),
        json!({"name": "Day 01"}),
    )
    .await?
    .json()
    .await?;
    let fid = folder["data"]["id"].as_i64().ok_or("no folder")?;
    for i in 0..200 {
        post(
            format!("api/projects/{pid}/folders/{fid}/files"),
            json!({"name": format!("A001_C{i:03}.mov"), "size": 1_000_000}),
        )
        .await?;
    }

    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..ROUNDS {
        let (ms, transferred) = one_load(&base).await?;
        times.push(ms);
        bytes = transferred;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "browse view on screen after navigation start, cold cache, {ROUNDS} rounds: median {:.0} ms, worst {:.0} ms; {:.1} kB transferred",
        times[ROUNDS / 2],
        times[ROUNDS - 1],
        bytes as f64 / 1000.0
    );
    Ok(())
}

/// One cold load: a new profile, sign-in, then the page's own timings.
async fn one_load(base: &url::Url) -> Result<(f64, u64), Box<dyn std::error::Error>> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("chromedriver did not listen".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let profile = tempfile::tempdir()?;
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         format!("--user-data-dir={}", profile.path().display())] }),
    );
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await?;
    client.goto(base.join("signin")?.as_str()).await?;
    for (field, value) in [("email", EMAIL), ("password", PASSWORD)] {
        client
            .find(Locator::Css(&format!("input[name={field}]")))
            .await?
            .send_keys(value)
            .await?;
    }
    client
        .find(Locator::Css("button[type=submit]"))
        .await?
        .click()
        .await?;
    // In the page: wait (a frame at a time) for the project list, then read the clock, whose
    // zero is this navigation's start, and what the navigation and its resources transferred.
    let measured = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const check = () => {\
               if (location.pathname === '/' && document.querySelector('[data-testid=project-item]')) {\
                 const sizes = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))\
                   .reduce((sum, e) => sum + (e.transferSize || 0), 0);\
                 done([performance.now(), sizes]);\
               } else requestAnimationFrame(check);\
             };\
             check();",
            vec![],
        )
        .await?;
    client.close().await?;
    let _ = driver.kill();
    let _ = driver.wait();
    let ms = measured[0].as_f64().ok_or("no time")?;
    let bytes = measured[1].as_u64().unwrap_or(0);
    Ok((ms, bytes))
}
