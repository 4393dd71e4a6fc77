//! The review loop in the real app: a new version of a clip is dropped on its row, the two
//! versions are compared side by side, an arrow is drawn on a frame and sent with a comment, and
//! the version is approved — each step checked through the library's HTTP API.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use rushes_api::annotations::DrawTool;
use rushes_api::approval::ApprovalStatus;
use rushes_api::files::{File, FileState};
use rushes_api::Id;

use crate::driver::App;
use crate::fixtures::{clip, Library};
use crate::review::{open_in_review, play_pause_and_step};
use crate::start_app;

const PATIENCE: Duration = Duration::from_secs(60);

/// Waits until the entry of `v1` has a second version with complete bytes; every version.
async fn wait_for_v2(library: &Library, place: (Id, Id, Id)) -> Vec<File> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let versions = library.api.list_versions(place).await.unwrap();
        if versions.len() == 2 && versions.iter().all(|v| v.state == FileState::Ready) {
            return versions;
        }
        assert!(
            Instant::now() < deadline,
            "no complete second version: {versions:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Both compared videos' clocks, once both know their duration and neither is seeking:
/// `[a, b]`. (A paused video need not decode a picture, so nothing more is waited for.)
async fn compared_times(app: &App) -> [f64; 2] {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let answer = app
            .eval(
                "const a = document.querySelector('[data-testid=\"compare-video-a\"]');\
                 const b = document.querySelector('[data-testid=\"compare-video-b\"]');\
                 if (!a || !b || a.seeking || b.seeking || a.readyState < 1 || b.readyState < 1) return null;\
                 return [a.currentTime, b.currentTime];",
            )
            .await
            .unwrap();
        if let Some([a, b]) = answer
            .as_array()
            .map(|v| [v[0].as_f64().unwrap_or(-1.0), v[1].as_f64().unwrap_or(-2.0)])
        {
            return [a, b];
        }
        if Instant::now() > deadline {
            let states = app
                .eval(
                    "return [...document.querySelectorAll('[data-testid^=\"compare-video\"]')]\
                     .map((v) => [v.readyState, v.seeking, v.currentTime, v.currentSrc]);",
                )
                .await;
            panic!("the compared videos never settled: {states:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Drags the mouse across the drawing layer from `from` to `to` (pixels from its centre).
async fn drag_on_layer(app: &App, from: (f64, f64), to: (f64, f64)) {
    let layer = app.find(r#"[data-testid="drawing-layer"]"#).await.unwrap();
    let at = |(x, y): (f64, f64)| PointerAction::MoveToElement {
        element: layer.clone(),
        duration: Some(Duration::from_millis(50)),
        x,
        y,
    };
    let mouse = MouseActions::new("mouse".into())
        .then(at(from))
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(at(((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0)))
        .then(at(to))
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    app.client.perform_actions(mouse).await.unwrap();
    app.client.release_actions().await.unwrap();
}

#[tokio::test]
async fn a_second_version_is_dropped_compared_drawn_on_and_approved() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    let url = app.library_url().await.unwrap();
    app.create_project("Review").await.unwrap();
    app.create_folder("Day 01").await.unwrap();
    let library = Library::open(&url, &app.data_dir).await.unwrap();
    let project = library.project_id("Review").await.unwrap();
    let folder = library.folder_id(project, "Day 01").await.unwrap();
    let first = clip(
        dir.path(),
        "A001_C001.mp4",
        "testsrc=duration=2:size=320x240:rate=25",
    )
    .unwrap();
    let v1 = library
        .upload(project, folder, &first, "A001_C001.mp4")
        .await
        .unwrap();

    // The regraded clip, under another name, dropped on the first one's row: its next version.
    let regrade = clip(
        dir.path(),
        "A001_C001_grade2.mp4",
        "smptebars=duration=2:size=320x240:rate=25",
    )
    .unwrap();
    app.open_tree_folder("Day 01").await.unwrap();
    app.wait_for_text(r#"[data-testid="file-item"]"#, "A001_C001.mp4")
        .await
        .unwrap();
    let row = format!(r#"[data-drop-version="{}"]"#, v1.id);
    app.drop_files(&row, &[&regrade]).await.unwrap();
    let versions = wait_for_v2(&library, (project, folder, v1.id)).await;
    let v2 = versions.iter().find(|v| v.version == 2).unwrap().clone();
    assert_eq!(v2.name, "A001_C001.mp4", "a version keeps the entry's name");
    assert_eq!(v2.stack_id, v1.id);
    let listed = library
        .api
        .list_files(project, folder, &Default::default())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "one entry, not two files: {listed:?}");
    assert_eq!((listed[0].id, listed[0].version_count), (v2.id, 2));

    // The review screen opens the newest version; compare it with v1 under one transport.
    open_in_review(&app, "Day 01", "A001_C001.mp4").await;
    app.wait_for_text(r#"[data-testid="version-of"]"#, "v2 of 2")
        .await
        .unwrap();
    app.click(r#"[data-testid="compare-button"]"#)
        .await
        .unwrap();
    app.find(r#"[data-testid="compare-view"]"#).await.unwrap();
    compared_times(&app).await;
    app.eval(
        "const seek = document.querySelector('[data-testid=\"compare-seek\"]');\
         seek.value = '30';\
         seek.dispatchEvent(new Event('input', { bubbles: true }));\
         return null;",
    )
    .await
    .unwrap();
    let deadline = Instant::now() + PATIENCE;
    let [a, b] = loop {
        let [a, b] = compared_times(&app).await;
        if a > 1.0 || Instant::now() > deadline {
            break [a, b];
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!((a - 1.2).abs() < 0.03, "the left video is at frame 30: {a}");
    assert_eq!(a, b, "both versions are at the same time after a seek");
    app.click(r#"[data-testid="compare-close"]"#).await.unwrap();

    // Frame 10 of v2, an arrow drawn on it, sent with a comment.
    play_pause_and_step(&app, 10).await;
    app.click(r#"[data-testid="draw-tool-arrow"]"#)
        .await
        .unwrap();
    drag_on_layer(&app, (-60.0, -40.0), (30.0, 20.0)).await;
    app.wait_for_attr(r#"[data-testid="drawn-shape"]"#, "data-tool", |t| {
        t == "arrow"
    })
    .await
    .unwrap();
    app.type_into(r#"[data-testid="comment-text"]"#, "Boom pole, here")
        .await
        .unwrap();
    app.click(r#"[data-testid="comment-send"]"#).await.unwrap();
    app.wait_for_text(r#"[data-testid="comment-body"]"#, "Boom pole, here")
        .await
        .unwrap();

    let comments = library
        .api
        .list_comments((project, folder, v2.id))
        .await
        .unwrap();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0].frame, Some(10));
    let drawing = comments[0]
        .drawing
        .as_ref()
        .expect("the arrow went with it");
    assert_eq!(drawing.shapes.len(), 1);
    let arrow = &drawing.shapes[0];
    assert_eq!(arrow.tool, DrawTool::Arrow);
    let [[x0, y0], [x1, y1]] = [arrow.points[0], arrow.points[1]];
    assert!(
        x0 < 0.5 && y0 < 0.5 && x1 > 0.5 && y1 > 0.5 && x1 - x0 > 0.1,
        "from up left of the centre to down right of it: {:?}",
        arrow.points
    );
    let on_v1 = library
        .api
        .list_comments((project, folder, v1.id))
        .await
        .unwrap();
    assert!(on_v1.is_empty(), "the comment stays on v2: {on_v1:?}");

    // Approved, by the library's owner.
    app.click(r#"[data-testid="status-select"] option[value="approved"]"#)
        .await
        .unwrap();
    app.wait_for_attr(r#"[data-testid="status-select"]"#, "data-status", |s| {
        s == "approved"
    })
    .await
    .unwrap();
    let now = library.api.file((project, folder, v2.id)).await.unwrap();
    assert_eq!(now.status, ApprovalStatus::Approved);
    assert!(now.status_set_by.is_some() && now.status_set_at.is_some());
    let before = library.api.file((project, folder, v1.id)).await.unwrap();
    assert_eq!(
        before.status,
        ApprovalStatus::None,
        "v1 keeps its own status"
    );

    // The project's activity tells the story, newest first.
    let activity = library.api.project_activity(project, 1, 50).await.unwrap();
    let kinds: Vec<_> = activity
        .items
        .iter()
        .map(|a| serde_json::to_value(a.kind).unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["status_change", "comment", "new_version", "upload"],
        "{activity:?}"
    );
    app.close().await;
}
