//! Files of every shape go up and come back byte-identical, and names that clash are handled
//! the way the person chose.

use rushes_api::page::ListQuery;
use rushes_api::transfers::{OnConflict, TransferState};
use rushes_client::transfer::tree::{upload_tree, TreeOptions, TreeUpload};

use super::*;

#[tokio::test]
async fn files_of_every_size_go_up_and_come_back_identical() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let files = [
        random_file(&src, "empty.txt", 0, 1),
        random_file(&src, "small.wav", 100 * 1024, 2),
        random_file(&src, "chunked.mov", 5 * MIB + 7, 3),
        random_file(&src, "parallel.mxf", 13 * MIB + 3, 4),
    ];
    let mut ups = Vec::new();
    for path in &files {
        ups.push(engine.enqueue_upload(upload(path, p, f)).await.unwrap());
    }
    let dest = dir.path().join("dest");
    for (path, t) in files.iter().zip(&ups) {
        let t = finish(&engine, &t.id, TransferState::Done).await;
        let remote = api.file((p, f, t.file_id.unwrap())).await.unwrap();
        assert_eq!(remote.sha256.unwrap(), sha256(path).await, "{}", t.name);
        assert_eq!(t.done, std::fs::metadata(path).unwrap().len());

        let d = engine.enqueue_download(download(&t, &dest)).await.unwrap();
        let d = finish(&engine, &d.id, TransferState::Done).await;
        let local = dest.join(&t.name);
        assert_eq!(d.local_path, local.to_string_lossy());
        assert_eq!(sha256(&local).await, sha256(path).await, "{}", t.name);
    }
    // Nothing but the finished files is left in the download folder.
    let mut names: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["chunked.mov", "empty.txt", "parallel.mxf", "small.wav"]
    );
}

#[tokio::test]
async fn clashing_names_are_kept_both_replaced_or_skipped() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let first = random_file(dir.path(), "A001.mov", 300_000, 5);
    let original = engine.enqueue_upload(upload(&first, p, f)).await.unwrap();
    let original = finish(&engine, &original.id, TransferState::Done).await;

    // Same name, other bytes.
    let other_dir = dir.path().join("other");
    std::fs::create_dir(&other_dir).unwrap();
    let second = random_file(&other_dir, "A001.mov", 200_000, 6);
    let with = |on_conflict| UploadRequest {
        on_conflict,
        ..upload(&second, p, f)
    };
    let kept = engine
        .enqueue_upload(with(OnConflict::KeepBoth))
        .await
        .unwrap();
    let kept = finish(&engine, &kept.id, TransferState::Done).await;
    assert_eq!(kept.name, "A001 (2).mov");
    let skipped = engine.enqueue_upload(with(OnConflict::Skip)).await.unwrap();
    finish(&engine, &skipped.id, TransferState::Skipped).await;
    let replaced = engine
        .enqueue_upload(with(OnConflict::Replace))
        .await
        .unwrap();
    let replaced = finish(&engine, &replaced.id, TransferState::Done).await;
    assert_eq!(replaced.file_id, original.file_id);
    let remote = api.file((p, f, original.file_id.unwrap())).await.unwrap();
    assert_eq!(remote.sha256.unwrap(), sha256(&second).await);
    let names: Vec<String> = api
        .list_files(p, f, &ListQuery::default())
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["A001 (2).mov", "A001.mov"]);

    // Downloads never overwrite a different local file silently.
    let dest = dir.path().join("dest");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("A001.mov"), b"someone else's file").unwrap();
    let get = |on_conflict| DownloadRequest {
        on_conflict,
        ..download(&replaced, &dest)
    };
    let d = engine
        .enqueue_download(get(OnConflict::Skip))
        .await
        .unwrap();
    finish(&engine, &d.id, TransferState::Skipped).await;
    assert_eq!(
        std::fs::read(dest.join("A001.mov")).unwrap(),
        b"someone else's file"
    );
    let d = engine
        .enqueue_download(get(OnConflict::KeepBoth))
        .await
        .unwrap();
    let d = finish(&engine, &d.id, TransferState::Done).await;
    assert_eq!(d.name, "A001 (2).mov");
    assert_eq!(
        sha256(&dest.join("A001 (2).mov")).await,
        sha256(&second).await
    );
    let d = engine
        .enqueue_download(get(OnConflict::Replace))
        .await
        .unwrap();
    finish(&engine, &d.id, TransferState::Done).await;
    assert_eq!(sha256(&dest.join("A001.mov")).await, sha256(&second).await);
    assert!(!dest.join("A001.mov.part").exists());
}

#[tokio::test]
async fn a_local_folder_becomes_the_same_tree_remotely() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let card = dir.path().join("CARD_A");
    std::fs::create_dir_all(card.join("CLIPS/001")).unwrap();
    random_file(&card.join("CLIPS/001"), "C001.mov", 40_000, 7);
    random_file(&card.join("CLIPS"), "C002.mov", 30_000, 8);
    random_file(&card, "notes.txt", 10, 9);
    random_file(&card, ".DS_Store", 10, 10);
    let mut events = engine.subscribe();
    let queued = upload_tree(
        &engine,
        &api,
        TreeUpload {
            connection: CONNECTION.into(),
            local: card.clone(),
            project: p,
            parent: f,
            options: TreeOptions::default(),
            on_conflict: OnConflict::KeepBoth,
            batch: None,
            again: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(queued.folders_created, 3, "CARD_A, CLIPS and 001");
    assert_eq!(queued.skipped, 1, "the hidden file");
    let queued = queued.transfers;
    assert_eq!(queued.len(), 3, "the hidden file is skipped");
    assert!(queued.iter().all(|t| t.batch == queued[0].batch));
    for t in &queued {
        finish(&engine, &t.id, TransferState::Done).await;
    }
    let counts = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            if let Ok(rushes_api::transfers::TransferEvent::BatchFinished {
                done, failed, ..
            }) = events.recv().await
            {
                return (done, failed);
            }
        }
    })
    .await
    .expect("a batch-finished event");
    assert_eq!(counts, (3, 0));

    let top = api.list_folders(p, Some(f)).await.unwrap();
    assert_eq!(
        top.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
        ["CARD_A"]
    );
    let clips = api.list_folders(p, Some(top[0].id)).await.unwrap();
    assert_eq!(clips[0].name, "CLIPS");
    let deep = api.list_folders(p, Some(clips[0].id)).await.unwrap();
    assert_eq!(deep[0].name, "001");
    let files = api
        .list_files(p, deep[0].id, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(files[0].name, "C001.mov");

    // Queuing the same folder again merges into the existing tree.
    let again = upload_tree(
        &engine,
        &api,
        TreeUpload {
            connection: CONNECTION.into(),
            local: card.clone(),
            project: p,
            parent: f,
            options: TreeOptions::default(),
            on_conflict: OnConflict::Skip,
            batch: None,
            again: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(again.folders_created, 0, "the folders merge");
    let again = again.transfers;
    for t in &again {
        finish(&engine, &t.id, TransferState::Skipped).await;
    }
    assert_eq!(api.list_folders(p, Some(f)).await.unwrap().len(), 1);
}
