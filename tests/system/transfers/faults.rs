//! Connections that break at random byte counts, and a disk that fills up.

use rushes_api::ipc::AppErrorCode;
use rushes_api::transfers::{TransferLimits, TransferState};

use super::*;

#[tokio::test]
async fn uploads_and_downloads_survive_connections_cut_at_random() {
    let dir = tempfile::tempdir().unwrap();
    let (proxy, _server, api) = behind_proxy(dir.path(), Duration::from_secs(3600)).await;
    let (p, f) = project(&api).await;
    let files = [
        random_file(dir.path(), "a.mov", 9 * MIB + 1, 21),
        random_file(dir.path(), "b.mov", 3 * MIB, 22),
        random_file(dir.path(), "c.wav", 700_000, 23),
    ];
    let engine = engine(
        &dir.path().join("queue.db"),
        &api,
        TransferLimits {
            concurrency: 3,
            bandwidth: None,
        },
        small_tuning(),
    )
    .await;
    // From here on each connection dies after 256 KiB to 4 MiB.
    proxy.set_faults(Some((256 * 1024, 4 * MIB)));
    let mut ups = Vec::new();
    for path in &files {
        ups.push(engine.enqueue_upload(upload(path, p, f)).await.unwrap());
    }
    let mut done = Vec::new();
    for t in &ups {
        done.push(finish(&engine, &t.id, TransferState::Done).await);
    }
    let cuts_up = proxy.cuts();
    assert!(
        cuts_up >= 3,
        "the proxy should have cut connections ({cuts_up})"
    );

    let dest = dir.path().join("dest");
    let mut downs = Vec::new();
    for t in &done {
        downs.push(engine.enqueue_download(download(t, &dest)).await.unwrap());
    }
    for (path, d) in files.iter().zip(&downs) {
        let d = finish(&engine, &d.id, TransferState::Done).await;
        assert_eq!(
            sha256(std::path::Path::new(&d.local_path)).await,
            sha256(path).await
        );
    }
    assert!(proxy.cuts() > cuts_up, "downloads were cut too");
    proxy.set_faults(None);
    for (path, t) in files.iter().zip(&done) {
        let remote = api.file((p, f, t.file_id.unwrap())).await.unwrap();
        assert_eq!(remote.sha256.unwrap(), sha256(path).await);
    }
}

/// A small tmpfs as the download folder: the download fails with a clear "disk full", leaves
/// no final file and keeps the `.part` for later.
#[tokio::test]
async fn a_full_disk_fails_the_download_clearly_and_keeps_the_part() {
    let dir = tempfile::tempdir().unwrap();
    let (_proxy, _server, api) = behind_proxy(dir.path(), Duration::from_secs(3600)).await;
    let (p, f) = project(&api).await;
    let source = random_file(dir.path(), "big.mov", 12 * MIB, 31);
    let small = dir.path().join("small-disk");
    std::fs::create_dir(&small).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&small)
        .status()
        .expect("mount runs");
    assert!(
        mounted.success(),
        "mounting a 4 MiB tmpfs needs root (the test setup runs as root)"
    );
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(small.clone());

    let engine = engine(
        &dir.path().join("queue.db"),
        &api,
        TransferLimits::default(),
        small_tuning(),
    )
    .await;
    let up = engine.enqueue_upload(upload(&source, p, f)).await.unwrap();
    let up = finish(&engine, &up.id, TransferState::Done).await;
    let d = engine
        .enqueue_download(download(&up, &small))
        .await
        .unwrap();
    let d = finish(&engine, &d.id, TransferState::Failed).await;
    let error = d.error.unwrap();
    assert_eq!(error.code, AppErrorCode::DiskFull, "{error:?}");
    assert!(!small.join("big.mov").exists());
    assert!(small.join("big.mov.part").exists());
}
