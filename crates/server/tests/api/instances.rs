//! Two instances on one PostgreSQL database and one data dir, behind the reference nginx
//! configuration (docs/deploy.md), as a team runs them: instance A is a `rushes-server` process
//! and B is in this test's process. What one instance does, the other sees; sign-in failures
//! spread over both lock the account on both; and an upload A was receiving when it was
//! SIGKILLed is finished through nginx, by B, byte for byte. On SQLite there is one instance per
//! database, so these run only on PostgreSQL (`scripts/with-postgres.sh`).

use std::net::Ipv4Addr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{Method, StatusCode};
use rushes_server::LoginLimits;
use serde_json::{json, Value};
use url::Url;

use crate::behind_nginx::{certificates, client, free_port, Nginx};
use crate::common::{data, postgres_base, TestServer};
use crate::oauth_support::*;
use crate::tus_client::{
    bytes, header, partial_patch, sha256_hex, tus_create, tus_patch, tus_request, Place,
};

const BIN: &str = env!("CARGO_BIN_EXE_rushes-server");
const MAX_FAILURES: u32 = 3;

/// A server process, killed (SIGKILL) when dropped if it still runs.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_healthy(port: u16) {
    let url = format!("http://127.0.0.1:{port}/healthz");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(res) = reqwest::get(&url).await {
            if res.status() == StatusCode::OK {
                return;
            }
        }
        assert!(Instant::now() < deadline, "instance A never answered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A client-credentials sign-in of `USER` with `password` at `base`.
async fn sign_in(base: &Url, app: &(String, String), password: &str) -> StatusCode {
    reqwest::Client::new()
        .post(base.join("oauth/token").unwrap())
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": app.0,
            "client_secret": app.1,
            "auth_string": STANDARD.encode(format!("{USER}:{password}")),
        }))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn two_instances_behind_nginx_share_everything_and_one_finishes_what_the_killed_one_began() {
    if postgres_base().is_none() {
        eprintln!("skipped: several instances share a PostgreSQL database, never a SQLite file");
        return;
    }
    let (port_a, http, https) = (free_port(), free_port(), free_port());
    let public: Url = format!("https://127.0.0.1:{https}/").parse().unwrap();
    let tls = tempfile::tempdir().unwrap();
    let (ca, _, _) = certificates(tls.path());
    let mut b = TestServer::start_with(|c| {
        c.public_url = Some(public.clone());
        c.trusted_proxies = vec![rushes_server::parse_trusted_proxy("127.0.0.2").unwrap()];
        c.login_limits = LoginLimits {
            max_failures: MAX_FAILURES,
            lockout: Duration::from_secs(60),
            failure_delay: Duration::from_millis(10),
        };
    })
    .await;
    b.http = client(&ca, Ipv4Addr::LOCALHOST);
    let mut command = Command::new(BIN);
    command
        .arg("serve")
        .arg("--data-dir")
        .arg(b.dir.path())
        .args(["--bind", &format!("127.0.0.1:{port_a}")])
        .args(["--public-url", public.as_str()])
        .args(["--trusted-proxy", "127.0.0.2"])
        .args(["--login-max-failures", &MAX_FAILURES.to_string()])
        // A answers requests only; media jobs across instances are media_jobs.rs's tests.
        .args(["--media-jobs", "0"])
        .env_remove("RUSHES_ADMIN_EMAIL")
        .env_remove("RUSHES_ADMIN_PASSWORD")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    b.dir.database_env(&mut command);
    let mut a = Process(command.spawn().unwrap());
    wait_healthy(port_a).await;
    let nginx = Nginx::start(tls, &[port_a, b.handle.addr().port()], http, https);
    let at_a: Url = format!("http://127.0.0.1:{port_a}/").parse().unwrap();
    let at_b: Url = format!("http://{}/", b.handle.addr()).parse().unwrap();
    let direct = reqwest::Client::new();

    // Everything below goes through nginx unless it names an instance.
    let place = Place::new(&b).await;
    password_user(&b, USER).await;
    let admin = b.admin_token().await;
    let (_, client_id, secret) =
        register_app(&b, &admin, &["https://integration.example/cb"], false).await;
    let app = (client_id, secret.unwrap());

    // A file and a comment on it made through A are read through B.
    let small = bytes(100_000);
    let created = tus_create(
        &direct,
        &at_a,
        &place.token,
        small.len(),
        &place.in_folder("small.wav"),
    )
    .header("Content-Type", "application/offset+octet-stream")
    .body(small.clone())
    .send()
    .await
    .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let listed: Vec<Value> = data(
        direct
            .get(at_b.join(&place.files_path()).unwrap())
            .bearer_auth(&place.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let small_id = listed
        .iter()
        .find(|f| f["name"] == "small.wav")
        .and_then(|f| f["id"].as_i64())
        .expect("B lists the file A received");
    let comments = format!("{}/{small_id}/comments", place.files_path());
    let made = direct
        .post(at_a.join(&comments).unwrap())
        .bearer_auth(&place.token)
        .json(&json!({ "body": "made on A" }))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::CREATED);
    let read: Vec<Value> = data(
        direct
            .get(at_b.join(&comments).unwrap())
            .bearer_auth(&place.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(read.len(), 1);
    assert_eq!(read[0]["body"], "made on A");

    // Sign-in failures spread over both instances count once: after them the right password
    // is refused on both.
    for i in 0..MAX_FAILURES {
        let base = if i % 2 == 0 { &at_a } else { &at_b };
        assert_eq!(
            sign_in(base, &app, &format!("guess {i}")).await,
            StatusCode::BAD_REQUEST
        );
    }
    for base in [&at_a, &at_b] {
        assert_eq!(
            sign_in(base, &app, PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }

    // An upload of 8 MiB is begun on A, which receives 3 MiB of a PATCH and is killed.
    let content = bytes(8 * 1024 * 1024);
    let begun = tus_create(
        &direct,
        &at_a,
        &place.token,
        content.len(),
        &place.in_folder("A003C001.mov"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(begun.status(), StatusCode::CREATED);
    let upload: Url = header(&begun, "location").parse().unwrap();
    assert_eq!(
        upload.origin(),
        public.origin(),
        "the upload's address is nginx's"
    );
    let body = partial_patch(
        ([127, 0, 0, 1], port_a).into(),
        &place.token,
        &upload,
        3 * 1024 * 1024,
        content.len(),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    a.0.kill().unwrap();
    a.0.wait().unwrap();
    drop(body);

    // The client goes on through nginx, as tus clients do: ask for the offset, send the rest,
    // and retry what fails (nginx answers 502 while it finds out A is gone).
    let mut finished = None;
    for _ in 0..100 {
        let asked = tus_request(&b.http, Method::HEAD, upload.clone(), &place.token)
            .send()
            .await
            .unwrap();
        if asked.status() == StatusCode::OK {
            let offset: usize = header(&asked, "upload-offset").parse().unwrap();
            let sent = tus_patch(&b.http, &upload, &place.token, offset, &content[offset..])
                .send()
                .await
                .unwrap();
            if sent.status() == StatusCode::NO_CONTENT {
                finished = Some(sent);
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let finished = finished.expect("the upload never finished through nginx");
    assert_eq!(header(&finished, "upload-sha256"), sha256_hex(&content));
    let file = crate::tus_client::file_of(&b, &upload).await;
    let signed = b
        .get(
            &place.token,
            &format!("{}/{file}/download", place.files_path()),
        )
        .await;
    assert_eq!(signed.status(), StatusCode::FOUND);
    let got = b
        .http
        .get(header(&signed, "location"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(got == content, "the bytes downloaded through nginx differ");

    drop(nginx);
}
