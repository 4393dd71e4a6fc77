//! Uploads that add a version to a file: by name ("new version" when the name is taken) or to
//! a file the person chose (a local file dropped on a file's row), and such an upload picked
//! up after a crash goes on into the same pending version instead of making another.

use rushes_api::files::{File, FileState};
use rushes_api::page::ListQuery;
use rushes_api::transfers::{OnConflict, TransferLimits, TransferState, UploadItem};
use rushes_client::transfer::batch::{self, DropTarget};
use rushes_client::transfer::tree::TreeOptions;
use rushes_client::Secret;

use super::*;

/// The versions of the entry `file` belongs to, newest first.
async fn versions(api: &ApiClient, p: Id, f: Id, file: Id) -> Vec<File> {
    api.list_versions((p, f, file)).await.unwrap()
}

fn as_version_of(source: &Path, entry: Id) -> UploadItem {
    UploadItem {
        path: source.to_string_lossy().into_owned(),
        on_conflict: OnConflict::KeepBoth,
        version_of: Some(entry),
    }
}

#[tokio::test]
async fn a_taken_name_with_new_version_uploads_v2_of_that_file() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let first = random_file(dir.path(), "A001.mov", 300_000, 61);
    let v1 = engine.enqueue_upload(upload(&first, p, f)).await.unwrap();
    let v1 = finish(&engine, &v1.id, TransferState::Done).await;
    let v1_id = v1.file_id.unwrap();

    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let second = random_file(&other, "A001.mov", 500_000, 62);
    let v2 = engine
        .enqueue_upload(UploadRequest {
            on_conflict: OnConflict::NewVersion,
            ..upload(&second, p, f)
        })
        .await
        .unwrap();
    let v2 = finish(&engine, &v2.id, TransferState::Done).await;
    let v2_id = v2.file_id.unwrap();
    assert_ne!(v2_id, v1_id, "a version of its own");
    assert_eq!(v2.name, "A001.mov", "no numbered copy");

    let stack = versions(&api, p, f, v1_id).await;
    let numbers: Vec<(Id, i32, FileState)> =
        stack.iter().map(|v| (v.id, v.version, v.state)).collect();
    assert_eq!(
        numbers,
        [(v2_id, 2, FileState::Ready), (v1_id, 1, FileState::Ready)]
    );
    assert_eq!(
        stack[0].sha256.as_deref(),
        Some(sha256(&second).await.as_str())
    );
    assert_eq!(
        stack[1].sha256.as_deref(),
        Some(sha256(&first).await.as_str())
    );

    // The folder shows one entry, as its newest version.
    let listed = api.list_files(p, f, &ListQuery::default()).await.unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!((listed[0].id, listed[0].version_count), (v2_id, 2));

    // A free name with "new version" is simply a new file.
    let fresh = random_file(dir.path(), "B001.mov", 1000, 63);
    let t = engine
        .enqueue_upload(UploadRequest {
            on_conflict: OnConflict::NewVersion,
            ..upload(&fresh, p, f)
        })
        .await
        .unwrap();
    let t = finish(&engine, &t.id, TransferState::Done).await;
    let file = api.file((p, f, t.file_id.unwrap())).await.unwrap();
    assert_eq!((file.name.as_str(), file.version), ("B001.mov", 1));
}

#[tokio::test]
async fn a_file_dropped_on_a_file_becomes_its_next_version_whatever_its_name() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let first = random_file(dir.path(), "A001.mov", 200_000, 71);
    let v1_id = uploaded(&engine, &first, p, f).await;
    let regrade = random_file(dir.path(), "A001_grade_v2.mov", 250_000, 72);

    let target = DropTarget {
        connection: CONNECTION.into(),
        project: p,
        folder: f,
    };
    let queued = batch::queue_uploads(
        &engine,
        &api,
        &target,
        &[as_version_of(&regrade, v1_id)],
        TreeOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(queued.transfers.len(), 1);
    assert_eq!(queued.transfers[0].on_conflict, OnConflict::NewVersion);
    let t = finish(&engine, &queued.transfers[0].id, TransferState::Done).await;
    assert_eq!(t.name, "A001.mov", "the queue shows the file it adds to");

    let stack = versions(&api, p, f, v1_id).await;
    assert_eq!(stack.len(), 2, "{stack:?}");
    assert_eq!((stack[0].id, stack[0].version), (t.file_id.unwrap(), 2));
    assert_eq!(stack[0].name, "A001.mov");
    assert_eq!(
        stack[0].sha256.as_deref(),
        Some(sha256(&regrade).await.as_str())
    );
    let names: Vec<String> = api
        .list_files(p, f, &ListQuery::default())
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["A001.mov"], "no file under the dropped name");

    // A folder cannot be a version, and a file that is not there has none.
    let folder = dir.path().join("card");
    std::fs::create_dir(&folder).unwrap();
    let err = batch::queue_uploads(
        &engine,
        &api,
        &target,
        &[as_version_of(&folder, v1_id)],
        TreeOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("folder"), "{err}");
    let gone = batch::queue_uploads(
        &engine,
        &api,
        &target,
        &[as_version_of(&regrade, v1_id + 1000)],
        TreeOptions::default(),
    )
    .await
    .unwrap();
    finish(&engine, &gone.transfers[0].id, TransferState::Failed).await;
    assert_eq!(versions(&api, p, f, v1_id).await.len(), 2);
}

#[tokio::test]
async fn a_version_upload_killed_midway_goes_on_into_the_same_pending_version() {
    let server = crate::TestServer::start().await;
    let api = server.client().await;
    let (p, f) = project(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("queue.db");
    let first = random_file(dir.path(), "A001.mov", 100_000, 81);
    let v1_id = {
        let engine = engine(&db, &api, TransferLimits::default(), small_tuning()).await;
        uploaded(&engine, &first, p, f).await
    };
    let size = 12 * MIB;
    let source = random_file(dir.path(), "A001_v2.mov", size, 82);
    let key = server
        .handle
        .create_api_key(crate::OWNER, "crash")
        .await
        .unwrap();
    let base = server.handle.base_url();

    // The first engine runs on its own runtime, torn down mid-upload: every task stops at its
    // next await, as in a crash of the app.
    let (db2, source2) = (db.clone(), source.clone());
    let (id, pending) = tokio::task::spawn_blocking(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let out = rt.block_on(async move {
            let http = rushes_client::api::http_client().unwrap();
            let tokens = rushes_client::TokenSource::from_api_key(
                http.clone(),
                base.clone(),
                Secret::new(key.secret),
            );
            let api = ApiClient::new(http, base, Arc::new(tokens));
            let engine = engine(
                &db2,
                &api,
                TransferLimits {
                    concurrency: 1,
                    bandwidth: Some(4 * MIB),
                },
                small_tuning(),
            )
            .await;
            let target = DropTarget {
                connection: CONNECTION.into(),
                project: p,
                folder: f,
            };
            let queued = batch::queue_uploads(
                &engine,
                &api,
                &target,
                &[as_version_of(&source2, v1_id)],
                TreeOptions::default(),
            )
            .await
            .unwrap();
            let t = until(&engine, &queued.transfers[0].id, |t| t.done >= 3 * MIB).await;
            (
                t.id,
                t.file_id.expect("the pending version is written down"),
            )
        });
        rt.shutdown_background();
        out
    })
    .await
    .unwrap();

    let stack = versions(&api, p, f, v1_id).await;
    assert_eq!(stack.len(), 2, "{stack:?}");
    assert_eq!((stack[0].id, stack[0].state), (pending, FileState::Pending));

    // The app starts again: the queue picks the transfer up.
    let engine = engine(&db, &api, TransferLimits::default(), small_tuning()).await;
    let t = finish(&engine, &id, TransferState::Done).await;
    assert_eq!(t.file_id, Some(pending), "the same version, not another");
    let stack = versions(&api, p, f, v1_id).await;
    let numbers: Vec<(Id, i32, FileState)> =
        stack.iter().map(|v| (v.id, v.version, v.state)).collect();
    assert_eq!(
        numbers,
        [(pending, 2, FileState::Ready), (v1_id, 1, FileState::Ready)],
        "one v2, not two"
    );
    assert_eq!(
        stack[0].sha256.as_deref(),
        Some(sha256(&source).await.as_str())
    );
}

#[tokio::test]
async fn a_cancelled_version_upload_takes_only_its_own_version_away() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::limited(TransferLimits {
        concurrency: 2,
        bandwidth: Some(2 * MIB),
    })
    .await;
    let first = random_file(dir.path(), "A001.mov", 1000, 91);
    let v1_id = uploaded(&engine, &first, p, f).await;
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let second = random_file(&other, "A001.mov", 8 * MIB, 92);
    let t = engine
        .enqueue_upload(UploadRequest {
            on_conflict: OnConflict::NewVersion,
            ..upload(&second, p, f)
        })
        .await
        .unwrap();
    let t = until(&engine, &t.id, |t| t.done >= MIB).await;
    let pending = t.file_id.unwrap();
    assert_eq!(versions(&api, p, f, v1_id).await.len(), 2);

    engine.cancel(&t.id).await.unwrap();
    until(&engine, &t.id, |t| t.state == TransferState::Cancelled).await;
    let mut left = Vec::new();
    for _ in 0..100 {
        left = versions(&api, p, f, v1_id).await;
        if left.len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ids: Vec<(Id, FileState)> = left.iter().map(|v| (v.id, v.state)).collect();
    assert_eq!(
        ids,
        [(v1_id, FileState::Ready)],
        "v2 {pending} is gone, v1 stays"
    );
    assert_eq!(
        api.file((p, f, v1_id)).await.unwrap().sha256.as_deref(),
        Some(sha256(&first).await.as_str())
    );
}

#[tokio::test]
async fn two_files_of_one_name_dropped_as_new_versions_become_two_versions() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::limited(TransferLimits {
        concurrency: 2,
        bandwidth: Some(4 * MIB),
    })
    .await;
    let first = random_file(dir.path(), "A001.mov", 1000, 111);
    let v1_id = uploaded(&engine, &first, p, f).await;
    let mut sources = Vec::new();
    for (i, cam) in ["a-cam", "b-cam"].into_iter().enumerate() {
        let d = dir.path().join(cam);
        std::fs::create_dir(&d).unwrap();
        sources.push(random_file(&d, "A001.mov", 3 * MIB, 112 + i as u64));
    }
    let mut ids = Vec::new();
    for s in &sources {
        let t = engine
            .enqueue_upload(UploadRequest {
                on_conflict: OnConflict::NewVersion,
                ..upload(s, p, f)
            })
            .await
            .unwrap();
        ids.push(t.id);
    }
    let mut got = Vec::new();
    for id in &ids {
        got.push(
            finish(&engine, id, TransferState::Done)
                .await
                .file_id
                .unwrap(),
        );
    }
    assert_ne!(got[0], got[1], "each its own version");
    let stack = versions(&api, p, f, v1_id).await;
    let mut numbers: Vec<i32> = stack.iter().map(|v| v.version).collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2, 3], "{stack:?}");
    for (source, id) in sources.iter().zip(&got) {
        let v = stack.iter().find(|v| v.id == *id).unwrap();
        assert_eq!(v.state, FileState::Ready);
        assert_eq!(v.sha256.as_deref(), Some(sha256(source).await.as_str()));
    }
}
