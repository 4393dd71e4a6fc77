//! tus-js-client (the client Uppy is built on) against our server: chunked, with data in the
//! creation request, and in parallel partial uploads joined by concatenation. The script is
//! `tests/interop/tus-js-client.mjs`; `npm ci` at the repository root installs the client.

use std::path::PathBuf;
use std::process::Command;

use crate::common::TestServer;
use crate::tus_client::Place;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Fails, rather than skips, when node or tus-js-client is missing: the test command
/// (`scripts/test.sh`) runs `npm ci` at the repository root first.
fn require_node() {
    let installed = repo_root()
        .join("node_modules/tus-js-client/package.json")
        .exists();
    let node = Command::new("node").arg("--version").output().is_ok();
    assert!(
        installed && node,
        "node and tus-js-client are needed: run `npm ci` at the repository root"
    );
}

#[tokio::test]
async fn tus_js_client_uploads_chunked_and_in_parallel() {
    require_node();
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let root = repo_root();
    let base = server.url("").to_string();
    let token = place.token.clone();
    let folder = place.folder.to_string();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(root.join("tests/interop/tus-js-client.mjs"))
            .current_dir(&root)
            .env("RUSHES_URL", base)
            .env("RUSHES_TOKEN", token)
            .env("RUSHES_FOLDER", folder)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    // The server agrees: three ready files in the folder, and no partial left over.
    let res = server.get(&place.token, &place.files_path()).await;
    let files: Vec<serde_json::Value> = crate::common::data(res).await;
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.iter().all(|f| f["state"] == "ready"), "{files:?}");
}
