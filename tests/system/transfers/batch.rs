//! What the app does with a drop: clashes found before anything is queued, files and folders
//! queued as one batch with the person's answers, downloads beside existing files, and bad
//! drops refused whole.

use rushes_api::folders::NewFolder;
use rushes_api::page::ListQuery;
use rushes_api::transfers::{DownloadItem, OnConflict, TransferState, UploadItem};
use rushes_client::transfer::batch::{self, DownloadFolder, DropTarget};
use rushes_client::transfer::tree::TreeOptions;
use rushes_client::ClientError;

use std::path::PathBuf;

use super::*;

fn target(p: Id, f: Id) -> DropTarget {
    DropTarget {
        connection: CONNECTION.into(),
        project: p,
        folder: f,
    }
}

fn path_of(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn item(p: &Path, on_conflict: OnConflict) -> UploadItem {
    UploadItem {
        path: path_of(p),
        on_conflict,
        version_of: None,
    }
}

#[tokio::test]
async fn a_drop_is_checked_for_clashes_then_queued_as_one_batch() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;

    // Already in the folder: a clip and a folder CARD_A holding one clip.
    let first = dir.path().join("first");
    std::fs::create_dir(&first).unwrap();
    let old_clip = random_file(&first, "A001.wav", 1000, 1);
    let t = engine
        .enqueue_upload(upload(&old_clip, p, f))
        .await
        .unwrap();
    finish(&engine, &t.id, TransferState::Done).await;
    let card_remote = api
        .create_folder(
            p,
            &NewFolder {
                name: "CARD_A".into(),
                parent_id: Some(f),
            },
        )
        .await
        .unwrap();
    let old_inner = random_file(&first, "C001.wav", 500, 2);
    let t = engine
        .enqueue_upload(upload(&old_inner, p, card_remote.id))
        .await
        .unwrap();
    finish(&engine, &t.id, TransferState::Done).await;

    // The drop: a clip of the same name, a new clip, and a card whose folder exists.
    let drop = dir.path().join("drop");
    let card = drop.join("CARD_A");
    std::fs::create_dir_all(card.join("CLIPS")).unwrap();
    let clash = random_file(&drop, "A001.wav", 2000, 3);
    let fresh = random_file(&drop, "A002.wav", 3000, 4);
    random_file(&card, "C001.wav", 4000, 5);
    random_file(&card.join("CLIPS"), "C002.wav", 5000, 6);
    random_file(&card, ".DS_Store", 10, 7);
    let paths = [path_of(&clash), path_of(&fresh), path_of(&card)];

    let checked = batch::check(&api, &target(p, f), &paths, TreeOptions::default())
        .await
        .unwrap();
    let seen: Vec<(&str, bool, bool, u64, u32)> = checked
        .iter()
        .map(|c| (c.name.as_str(), c.exists, c.is_dir, c.size, c.files))
        .collect();
    assert_eq!(
        seen,
        [
            ("A001.wav", true, false, 2000, 1),
            ("A002.wav", false, false, 3000, 1),
            ("CARD_A", true, true, 9000, 2),
        ],
        "sizes and file counts leave the hidden file out"
    );

    // The person keeps both clips called A001 and skips what clashes inside the card.
    let queued = batch::queue_uploads(
        &engine,
        &api,
        &target(p, f),
        &[
            item(&clash, OnConflict::KeepBoth),
            item(&fresh, OnConflict::Skip),
            item(&card, OnConflict::Skip),
            // Dropped twice: sent once.
            item(&fresh, OnConflict::Skip),
        ],
        TreeOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(queued.transfers.len(), 4);
    assert_eq!(queued.folders_created, 1, "CLIPS is new; CARD_A merges");
    assert_eq!(queued.skipped, 1, "the hidden file");
    assert!(queued.transfers.iter().all(|t| t.batch == queued.batch));
    let mut states = Vec::new();
    for t in &queued.transfers {
        let t = engine.wait(&t.id).await.unwrap();
        states.push((t.name.clone(), t.state));
    }
    assert_eq!(
        states,
        [
            ("A001 (2).wav".to_owned(), TransferState::Done),
            ("A002.wav".to_owned(), TransferState::Done),
            ("C001.wav".to_owned(), TransferState::Skipped),
            ("C002.wav".to_owned(), TransferState::Done),
        ]
    );
    let inner = api
        .list_files(p, card_remote.id, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(inner.len(), 1, "the skipped clip left the old one alone");
    assert_eq!(
        inner[0].sha256.as_deref(),
        Some(sha256(&old_inner).await.as_str())
    );
}

/// Uploads `src` into folder `f` and names the file it became, to download.
async fn uploaded(engine: &Engine, src: &Path, p: Id, f: Id) -> DownloadItem {
    let up = engine.enqueue_upload(upload(src, p, f)).await.unwrap();
    let up = finish(engine, &up.id, TransferState::Done).await;
    DownloadItem {
        folder_id: f,
        file_id: up.file_id.unwrap(),
        name: up.name,
    }
}

#[tokio::test]
async fn downloads_keep_a_different_local_file_and_make_no_copy_of_the_same() {
    let Setup {
        _server,
        api: _,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let src = random_file(dir.path(), "B001.wav", 70_000, 8);
    let items = [uploaded(&engine, &src, p, f).await];

    let dest = dir.path().join("Downloads/new");
    let folder = DownloadFolder::Default(dest.clone());
    let first = batch::queue_downloads(&engine, CONNECTION, p, &items, &folder)
        .await
        .unwrap();
    finish(&engine, &first.transfers[0].id, TransferState::Done).await;
    // Asking again for the same bytes makes no copy.
    let again = batch::queue_downloads(&engine, CONNECTION, p, &items, &folder)
        .await
        .unwrap();
    assert_ne!(first.batch, again.batch);
    let again = finish(&engine, &again.transfers[0].id, TransferState::Done).await;
    assert_eq!(again.local_path, path_of(&dest.join("B001.wav")));

    // A different local file of that name is kept; the download goes beside it.
    std::fs::write(dest.join("B001.wav"), b"edited locally").unwrap();
    let third = batch::queue_downloads(&engine, CONNECTION, p, &items, &folder)
        .await
        .unwrap();
    let third = finish(&engine, &third.transfers[0].id, TransferState::Done).await;
    assert_eq!(third.local_path, path_of(&dest.join("B001 (2).wav")));
    assert_eq!(
        std::fs::read(dest.join("B001.wav")).unwrap(),
        b"edited locally"
    );
    assert_eq!(sha256(&dest.join("B001 (2).wav")).await, sha256(&src).await);
    let mut names: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["B001 (2).wav", "B001.wav"], "no .part left behind");
}

#[tokio::test]
async fn a_chosen_download_folder_that_is_missing_is_pointed_out_and_not_made() {
    let Setup {
        _server,
        api: _,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let src = random_file(dir.path(), "C001.mov", 10_000, 9);
    let items = [uploaded(&engine, &src, p, f).await];
    let before = engine.list().len();

    // A folder on a drive that is not connected: refused before anything is queued, and not
    // made on the system disk in its place.
    let unplugged = dir.path().join("media/RAID/Downloads");
    let err = batch::queue_downloads(
        &engine,
        CONNECTION,
        p,
        &items,
        &DownloadFolder::Chosen(unplugged.clone()),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ClientError::Invalid(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("does not exist (is its drive connected?)"),
        "{err}"
    );
    assert!(!dir.path().join("media").exists());
    assert_eq!(engine.list().len(), before);

    // A file where the folder should be is refused too.
    std::fs::write(dir.path().join("not-a-folder"), b"x").unwrap();
    let err = batch::queue_downloads(
        &engine,
        CONNECTION,
        p,
        &items,
        &DownloadFolder::Chosen(dir.path().join("not-a-folder")),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("is a file, not a folder"), "{err}");

    // A path that is not a full one would depend on where the app was started: refused.
    let err = DownloadFolder::Chosen("Downloads".into())
        .check()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a full path"), "{err}");

    // Once it is there, the download goes ahead.
    std::fs::create_dir_all(&unplugged).unwrap();
    let queued = batch::queue_downloads(
        &engine,
        CONNECTION,
        p,
        &items,
        &DownloadFolder::Chosen(unplugged.clone()),
    )
    .await
    .unwrap();
    finish(&engine, &queued.transfers[0].id, TransferState::Done).await;
    assert_eq!(
        sha256(&unplugged.join("C001.mov")).await,
        sha256(&src).await
    );
}

#[tokio::test]
async fn a_bad_drop_is_refused_whole_and_queues_nothing() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let good = random_file(dir.path(), "good.wav", 100, 9);
    let missing = dir.path().join("missing.wav");
    let target = target(p, f);
    let cases: [(Vec<UploadItem>, &str); 3] = [
        (Vec::new(), "nothing to transfer"),
        (
            vec![
                item(&good, OnConflict::KeepBoth),
                UploadItem {
                    path: "relative/clip.wav".into(),
                    on_conflict: OnConflict::KeepBoth,
                    version_of: None,
                },
            ],
            "not a full path",
        ),
        (
            vec![
                item(&good, OnConflict::KeepBoth),
                item(&missing, OnConflict::KeepBoth),
            ],
            "missing.wav",
        ),
    ];
    for (items, says) in cases {
        let err = batch::queue_uploads(&engine, &api, &target, &items, TreeOptions::default())
            .await
            .unwrap_err();
        let app = rushes_api::ipc::AppError::from(err);
        assert!(app.message.contains(says), "{says}: {app:?}");
    }
    assert!(engine.list().is_empty(), "nothing was queued");
    let err = batch::check(&api, &target, &[path_of(&missing)], TreeOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("missing.wav"), "{err}");
    let bad_name = [DownloadItem {
        folder_id: f,
        file_id: 1,
        name: "../escape.wav".into(),
    }];
    // A name that would leave the folder is not refused but made safe (docs/security.md):
    // the download stays inside the folder it was asked into.
    let queued = batch::queue_downloads(
        &engine,
        CONNECTION,
        p,
        &bad_name,
        &DownloadFolder::Chosen(dir.path().to_owned()),
    )
    .await
    .unwrap();
    let local = PathBuf::from(&queued.transfers[0].local_path);
    assert_eq!(local.parent(), Some(dir.path()), "{local:?}");
    assert_ne!(local.file_name().unwrap(), "escape.wav");
    engine.cancel(&queued.transfers[0].id).await.unwrap();
}
