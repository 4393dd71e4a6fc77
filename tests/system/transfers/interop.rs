//! Our tus client against the reference tus server from npm (`@tus/server`), which offers no
//! checksums and no concatenation: the client uses only what the server announces.

use std::io::BufRead;
use std::process::{Command, Stdio};

use rushes_client::transfer::tus::TusEndpoint;
use rushes_client::transfer::upload_file;

use super::*;

#[tokio::test]
async fn our_client_uploads_to_the_reference_tus_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("node_modules/@tus/server").exists(),
        "npm packages are missing: run `npm ci` (scripts/test.sh does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    std::fs::create_dir(&store).unwrap();
    let mut node = Command::new("node")
        .arg(root.join("tests/interop/tus-server.mjs"))
        .arg(&store)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut line = String::new();
    std::io::BufReader::new(node.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _node = Kill(node);
    let ready: serde_json::Value = serde_json::from_str(&line).unwrap();
    let endpoint: url::Url = ready["endpoint"].as_str().unwrap().parse().unwrap();

    let tus = TusEndpoint::open(rushes_client::api::http_client().unwrap(), endpoint);
    let caps = tus.capabilities().await.unwrap();
    assert!(!caps.concatenation && !caps.checksum_sha256, "{caps:?}");
    for (name, len) in [
        ("one.bin", 0u64),
        ("two.bin", 300_000),
        ("three.bin", 5 * MIB + 11),
    ] {
        let source = random_file(dir.path(), name, len, len);
        let path = upload_file(&tus, &source, &[("filename", name)], MIB)
            .await
            .unwrap();
        let id = path.rsplit('/').next().unwrap();
        assert_eq!(tus.status(&path).await.unwrap().offset, len);
        assert_eq!(
            sha256(&store.join(id)).await,
            sha256(&source).await,
            "{name}"
        );
    }
}
