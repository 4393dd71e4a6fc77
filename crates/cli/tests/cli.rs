//! The `rushes` binary against the real server: sign in with an API key, upload a file and a
//! folder, list, download, and compare bytes; then kills at chosen and at random moments, and
//! the same command run again ([`rerun`], [`chaos`]).

#[path = "cli/chaos.rs"]
mod chaos;
// Shared with the whole-system tests, which use more of it.
#[allow(dead_code)]
#[path = "../../../tests/support/fault_proxy.rs"]
mod fault_proxy;
#[path = "cli/harness.rs"]
mod harness;
#[path = "cli/rerun.rs"]
mod rerun;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use rushes_api::projects::NewProject;
use rushes_client::api::http_client;
use rushes_client::{ApiClient, Secret, TokenSource};
use rushes_server::{AdminBootstrap, ServerConfig};

const OWNER: &str = "dit@rushes.invalid";

fn rushes(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rushes"))
        .args(args)
        .env("RUSHES_CLI_HOME", home)
        .env_remove("RUSHES_SERVER")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[tokio::test]
async fn a_dit_signs_in_uploads_lists_and_downloads() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServerConfig::new(
        dir.path().join("server"),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    );
    config.admin = AdminBootstrap::Given {
        email: OWNER.into(),
        password: None,
        name: "DIT".into(),
    };
    let server = rushes_server::start(config).await.unwrap();
    let key = server.create_api_key(OWNER, "cli").await.unwrap();
    let http = http_client().unwrap();
    let tokens = TokenSource::from_api_key(
        http.clone(),
        server.base_url(),
        Secret::new(key.secret.clone()),
    );
    let api = ApiClient::new(http, server.base_url(), Arc::new(tokens));
    api.create_project(&NewProject {
        name: "Feature".into(),
        description: String::new(),
    })
    .await
    .unwrap();

    let home = dir.path().join("home");
    let url = server.base_url().to_string();
    let home2 = home.clone();
    let (url2, secret) = (url.clone(), key.secret.clone());
    let login = tokio::task::spawn_blocking(move || {
        rushes(&home2, &["login", &url2, "--api-key", &secret, "--json"])
    })
    .await
    .unwrap();
    let signed_in = lines(&ok(&login));
    assert_eq!(signed_in[0]["signed_in"]["user"]["email"], OWNER);

    // A card with a clip in a subfolder, and a loose file.
    let card = dir.path().join("A001");
    std::fs::create_dir_all(card.join("CLIP")).unwrap();
    let clip: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(card.join("CLIP/A001C001.mov"), &clip).unwrap();
    let wav = dir.path().join("sound.wav");
    std::fs::write(&wav, b"RIFF....WAVE").unwrap();

    let run = |args: Vec<String>| {
        let home = home.clone();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            rushes(&home, &args)
        })
    };
    let s = |x: &str| x.to_owned();
    let up = run(vec![
        s("upload"),
        card.to_string_lossy().into_owned(),
        wav.to_string_lossy().into_owned(),
        s("--to"),
        s("Feature/Day 1"),
        s("--json"),
    ])
    .await
    .unwrap();
    let events = lines(&ok(&up));
    let done: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["transfer"]["state"] == "done")
        .collect();
    assert_eq!(done.len(), 2, "{events:?}");

    let ls = run(vec![s("ls"), s("Feature/Day 1"), s("--json")])
        .await
        .unwrap();
    let listed = lines(&ok(&ls));
    assert_eq!(listed[0]["folder"]["name"], "A001");
    assert_eq!(listed[1]["file"]["name"], "sound.wav");

    let dest = dir.path().join("back");
    let down = run(vec![
        s("download"),
        s("Feature/Day 1/A001"),
        s("Feature/Day 1/sound.wav"),
        s("--to"),
        dest.to_string_lossy().into_owned(),
        s("--json"),
    ])
    .await
    .unwrap();
    ok(&down);
    assert_eq!(
        std::fs::read(dest.join("A001/CLIP/A001C001.mov")).unwrap(),
        clip
    );
    assert_eq!(
        std::fs::read(dest.join("sound.wav")).unwrap(),
        b"RIFF....WAVE"
    );

    // Errors are one JSON object with a code, and a non-zero exit.
    let missing = run(vec![s("ls"), s("Nope"), s("--json")]).await.unwrap();
    assert!(!missing.status.success());
    let error = lines(&String::from_utf8_lossy(&missing.stdout));
    assert_eq!(error[0]["error"]["code"], "not_found");
}
