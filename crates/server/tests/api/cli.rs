//! The `rushes-server` binary, as scripts and operators use it.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::common::TestDir;

const BIN: &str = env!("CARGO_BIN_EXE_rushes-server");

/// The binary with `args`, on `dir`'s database when given (PostgreSQL's goes in
/// `RUSHES_DATABASE_URL`; SQLite's is the data dir's file).
fn command(dir: Option<&TestDir>, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    if let Some(url) = dir.and_then(TestDir::database_url) {
        cmd.env("RUSHES_DATABASE_URL", url);
    } else {
        cmd.env_remove("RUSHES_DATABASE_URL");
    }
    cmd.args(args)
        .env_remove("RUSHES_DATA_DIR")
        .env_remove("RUSHES_BIND")
        .env_remove("RUSHES_ADMIN_EMAIL")
        .env_remove("RUSHES_ADMIN_PASSWORD")
        .env_remove("RUST_LOG")
        .kill_on_drop(true);
    cmd
}

async fn run(dir: Option<&TestDir>, args: &[&str]) -> (bool, String, String) {
    let out = command(dir, args).output().await.unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn dir_arg(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

#[tokio::test]
async fn user_and_key_created_offline_work_against_the_served_data_dir() {
    let dir = TestDir::new().await;
    let d = dir_arg(dir.path());

    let (ok, out, err) = run(
        Some(&dir),
        &[
            "user",
            "create",
            "--data-dir",
            d,
            "--email",
            "ci@rushes.test",
            "--password",
            "a long enough password",
            "--name",
            "CI",
            "--admin",
        ],
    )
    .await;
    assert!(ok, "{err}");
    assert!(out.contains("ci@rushes.test"), "{out}");

    let (ok, key, err) = run(
        Some(&dir),
        &[
            "api-key",
            "create",
            "--data-dir",
            d,
            "--user",
            "ci@rushes.test",
            "--name",
            "ci",
        ],
    )
    .await;
    assert!(ok, "{err}");
    let key = key.trim_end_matches('\n');
    assert!(
        key.starts_with("rk_") && !key.contains(char::is_whitespace),
        "only the key: {key:?}"
    );

    let mut server = command(
        Some(&dir),
        &["serve", "--data-dir", d, "--bind", "127.0.0.1:0"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let stderr = server.stderr.take().unwrap();
    // The log reader is dropped once the address is known, on purpose: a server whose stderr
    // pipe closes must keep running and still shut down cleanly.
    let addr = tokio::time::timeout(Duration::from_secs(30), listening_addr(stderr))
        .await
        .expect("the server logs its address");

    let http = reqwest::Client::new();
    let health = http
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let res = http
        .post(format!("http://{addr}/auth/api-key"))
        .json(&serde_json::json!({ "apiKey": key }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pair: rushes_api::auth::TokenResponse = res.json().await.unwrap();
    let me = http
        .get(format!("http://{addr}/api/me"))
        .bearer_auth(&pair.access_token)
        .send()
        .await
        .unwrap();
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["data"]["email"], "ci@rushes.test");
    assert_eq!(me["data"]["is_admin"], true);

    stop_gracefully(&mut server).await;
}

/// SIGTERM, as service managers send it: the server finishes and exits successfully.
#[cfg(unix)]
async fn stop_gracefully(server: &mut tokio::process::Child) {
    let pid = server.id().unwrap().to_string();
    let sent = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(sent.success());
    let status = tokio::time::timeout(Duration::from_secs(30), server.wait())
        .await
        .expect("the server stops after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status}");
}

#[cfg(not(unix))]
async fn stop_gracefully(server: &mut tokio::process::Child) {
    server.kill().await.unwrap();
}

/// Reads the log until the one line that says where the server listens.
pub(crate) async fn listening_addr(stderr: tokio::process::ChildStderr) -> SocketAddr {
    let mut lines = BufReader::new(stderr).lines();
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some((_, rest)) = line.split_once("listening on http://") {
            let addr = rest.split_whitespace().next().unwrap();
            return addr.parse().unwrap();
        }
    }
    panic!("the server exited without logging its address");
}

#[tokio::test]
async fn first_start_on_an_empty_data_dir_prints_a_random_admin_password_once() {
    let dir = TestDir::new().await;
    let d = dir_arg(dir.path());
    for round in 0..2 {
        let mut server = command(Some(&dir), &["--data-dir", d, "--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = server.stderr.take().unwrap();
        tokio::time::timeout(Duration::from_secs(30), listening_addr(stderr))
            .await
            .expect("the server logs its address");
        server.kill().await.unwrap();
        let out = server.wait_with_output().await.unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        if round == 0 {
            assert!(
                stdout.contains("admin@localhost") && stdout.contains("password"),
                "{stdout}"
            );
        } else {
            assert!(stdout.is_empty(), "printed again: {stdout}");
        }
    }
}

#[tokio::test]
async fn api_key_for_an_unknown_user_fails_with_a_message() {
    let dir = TestDir::new().await;
    let (ok, out, err) = run(
        Some(&dir),
        &[
            "api-key",
            "create",
            "--data-dir",
            dir_arg(dir.path()),
            "--user",
            "nobody@rushes.test",
        ],
    )
    .await;
    assert!(!ok);
    assert!(out.is_empty());
    assert!(err.contains("nobody@rushes.test"), "{err}");
}

#[tokio::test]
async fn help_documents_the_interface() {
    let (ok, out, _) = run(None, &["--help"]).await;
    assert!(ok);
    for word in [
        "serve",
        "api-key",
        "user",
        "--data-dir",
        "--bind",
        "RUSHES_ADMIN_EMAIL",
    ] {
        assert!(out.contains(word), "--help lacks {word}:\n{out}");
    }
    let (ok, out, _) = run(None, &["serve", "--help"]).await;
    assert!(ok);
    for word in [
        "--public-url",
        "--access-token-ttl",
        "RUSHES_DATA_DIR",
        "RUSHES_BIND",
        "127.0.0.1:8420",
        "./rushes-data",
    ] {
        assert!(out.contains(word), "serve --help lacks {word}:\n{out}");
    }
}
