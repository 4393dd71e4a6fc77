//! Pause, resume, cancel, reorder and limits changed while transfers run; progress is
//! coalesced.

use rushes_api::page::ListQuery;
use rushes_api::transfers::{TransferEvent, TransferLimits, TransferState};

use super::*;

#[tokio::test]
async fn pause_keeps_progress_resume_goes_on_and_cancel_leaves_nothing() {
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
    let a = random_file(dir.path(), "a.mov", 8 * MIB, 71);
    let b = random_file(dir.path(), "b.mov", 8 * MIB, 72);
    let ta = engine.enqueue_upload(upload(&a, p, f)).await.unwrap();
    let tb = engine.enqueue_upload(upload(&b, p, f)).await.unwrap();
    until(&engine, &ta.id, |t| t.done >= 2 * MIB).await;
    engine.pause(&ta.id).await.unwrap();
    let paused = until(&engine, &ta.id, |t| t.state == TransferState::Paused).await;
    engine.cancel(&tb.id).await.unwrap();
    let cancelled = until(&engine, &tb.id, |t| t.state == TransferState::Cancelled).await;

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(engine.get(&ta.id).unwrap().state, TransferState::Paused);
    assert!(paused.done >= 2 * MIB);
    // The cancelled upload's pending record is gone from the folder.
    let names: Vec<String> = api
        .list_files(p, f, &ListQuery::default())
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert!(
        !names.contains(&"b.mov".to_owned()),
        "{names:?} after {cancelled:?}"
    );

    engine.set_limits(TransferLimits::default());
    engine.resume(&ta.id).await.unwrap();
    let done = finish(&engine, &ta.id, TransferState::Done).await;
    let remote = api.file((p, f, done.file_id.unwrap())).await.unwrap();
    assert_eq!(remote.sha256.unwrap(), sha256(&a).await);
    engine.clear_finished().await.unwrap();
    assert!(engine.list().is_empty());
}

#[tokio::test]
async fn the_queue_runs_in_its_order_and_limits_change_while_running() {
    let Setup {
        _server,
        api: _,
        p,
        f,
        dir,
        engine,
    } = Setup::limited(TransferLimits {
        concurrency: 1,
        bandwidth: Some(2 * MIB),
    })
    .await;
    let mut events = engine.subscribe();
    let mut ids = Vec::new();
    for (i, name) in ["1.mov", "2.mov", "3.mov"].iter().enumerate() {
        let path = random_file(dir.path(), name, MIB, 80 + i as u64);
        ids.push(engine.enqueue_upload(upload(&path, p, f)).await.unwrap().id);
    }
    // The third jumps the queue while the first runs.
    engine.move_to(&ids[2], 0).await.unwrap();
    let order: Vec<String> = engine.list().into_iter().map(|t| t.id).collect();
    assert_eq!(order, [ids[2].clone(), ids[0].clone(), ids[1].clone()]);
    for id in &ids {
        finish(&engine, id, TransferState::Done).await;
    }
    let mut started = Vec::new();
    let mut progress_per_id: std::collections::HashMap<String, u32> = Default::default();
    while let Ok(e) = events.try_recv() {
        match e {
            TransferEvent::Changed { transfer }
                if transfer.state == TransferState::Sending && !started.contains(&transfer.id) =>
            {
                started.push(transfer.id);
            }
            TransferEvent::Progress { progress } => {
                *progress_per_id.entry(progress.id).or_default() += 1;
            }
            _ => {}
        }
    }
    // The first was already running when the third jumped ahead of the second.
    assert_eq!(started, [ids[0].clone(), ids[2].clone(), ids[1].clone()]);
    // 1 MiB at 2 MiB/s takes about half a second: at most ~10 updates a second.
    for (id, n) in &progress_per_id {
        assert!(*n <= 12, "{n} progress events for {id}");
    }

    // Raising concurrency lets queued transfers start together.
    let more: Vec<String> = {
        let mut v = Vec::new();
        for i in 0..3u64 {
            let path = random_file(dir.path(), &format!("m{i}.mov"), 2 * MIB, 90 + i);
            v.push(engine.enqueue_upload(upload(&path, p, f)).await.unwrap().id);
        }
        v
    };
    until(&engine, &more[0], |t| t.state == TransferState::Sending).await;
    assert_eq!(engine.get(&more[2]).unwrap().state, TransferState::Queued);
    engine.set_limits(TransferLimits {
        concurrency: 3,
        bandwidth: None,
    });
    for id in &more {
        finish(&engine, id, TransferState::Done).await;
    }
    assert_eq!(engine.limits().concurrency, 3);
}
