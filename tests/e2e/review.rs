//! Reviewing a clip in the real app: play it, step to a frame, comment there, reply, resolve,
//! and edit its metadata; every change checked through the library's HTTP API.

use std::collections::BTreeMap;

use rushes_api::files::File;
use rushes_api::Id;

use crate::driver::App;
use crate::fixtures::{test_clip, Library};
use crate::start_app;

const ENTER: &str = "\u{E007}";
const HOME: &str = "\u{E011}";
const RIGHT: &str = "\u{E014}";

/// A project "Review" with a folder "Day 01" made in the UI, a two-second H.264 clip uploaded
/// into it, and the clip open in the review screen.
pub(crate) async fn open_clip(app: &App, dir: &std::path::Path) -> (Library, Id, Id, File) {
    let url = app.library_url().await.unwrap();
    app.create_project("Review").await.unwrap();
    app.create_folder("Day 01").await.unwrap();
    let library = Library::open(&url, &app.data_dir).await.unwrap();
    let project = library.project_id("Review").await.unwrap();
    let folder = library.folder_id(project, "Day 01").await.unwrap();
    let clip = test_clip(dir, 2).unwrap();
    let file = library
        .upload(project, folder, &clip, "A001_C001.mp4")
        .await
        .unwrap();

    open_in_review(app, "Day 01", "A001_C001.mp4").await;
    (library, project, folder, file)
}

/// Opens file `name` of folder `folder` (in the tree) in the review screen.
pub(crate) async fn open_in_review(app: &App, folder: &str, name: &str) {
    app.open_tree_folder(folder).await.unwrap();
    app.wait_for_text(r#"[data-testid="file-item"]"#, name)
        .await
        .unwrap();
    app.click(r#"[data-testid="file-item"]"#).await.unwrap();
    app.press(ENTER).await.unwrap();
    app.wait_for_text(r#"[data-testid="review-title"]"#, name)
        .await
        .unwrap();
}

/// Plays until the frame counter has moved, pauses, goes to the first frame and steps forward
/// `frames` frames with the arrow key.
pub(crate) async fn play_pause_and_step(app: &App, frames: usize) {
    app.click(r#"[data-testid="play"]"#).await.unwrap();
    let playing = std::time::Instant::now();
    let moved = app
        .wait_for_attr(r#"[data-testid="player-frame"]"#, "data-frame", |v| {
            frame_of(v) >= 5
        })
        .await
        .unwrap();
    eprintln!(
        "the clip reached frame {moved} {:?} after Play",
        playing.elapsed()
    );
    app.click(r#"[data-testid="play"]"#).await.unwrap();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-state", |v| {
        v == "paused"
    })
    .await
    .unwrap();
    app.press(HOME).await.unwrap();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-frame", |v| {
        v == "0"
    })
    .await
    .unwrap();
    app.press(&RIGHT.repeat(frames)).await.unwrap();
    let at = frames.to_string();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-frame", |v| v == at)
        .await
        .unwrap();
}

pub(crate) fn frame_of(value: &str) -> i64 {
    value.parse().unwrap_or(-1)
}

#[tokio::test]
async fn play_comment_at_a_frame_reply_and_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    let (library, project, folder, file) = open_clip(&app, dir.path()).await;

    // The signed media URL reaches the player and WebKit reads the clip.
    app.wait_for_attr(r#"[data-testid="player-video"]"#, "data-ready", |v| {
        v == "true"
    })
    .await
    .unwrap();
    // The readout counts frames from the probe's metadata, which may arrive after the picture:
    // wait for it rather than read it once.
    app.wait_for_text(r#"[data-testid="player-frame"]"#, "Frame 0 / 49")
        .await
        .unwrap();

    // Play: the frame counter advances while it plays; pause stops it. Then home, and ten
    // frames forward with the arrow key: frame 10, 00:00:00:10.
    play_pause_and_step(&app, 10).await;
    app.wait_for_text(r#"[data-testid="player-timecode"]"#, "00:00:00:10")
        .await
        .unwrap();

    // Comment at that frame.
    app.type_into(r#"[data-testid="comment-text"]"#, "Boom dips into shot")
        .await
        .unwrap();
    app.click(r#"[data-testid="comment-send"]"#).await.unwrap();
    app.wait_for_text(r#"[data-testid="comment-at"]"#, "00:00:00:10")
        .await
        .unwrap();
    app.find(r#"[data-testid="timeline-marker"][data-frame="10"]"#)
        .await
        .unwrap();

    // Reply, then resolve the thread.
    app.click(r#"[data-testid="comment-reply"]"#).await.unwrap();
    app.type_into(r#"[data-testid="reply-text"]"#, "Fixed in take 2")
        .await
        .unwrap();
    app.click(r#"[data-testid="reply-send"]"#).await.unwrap();
    app.wait_for_text(
        r#"[data-testid="reply"] [data-testid="comment-body"]"#,
        "Fixed in take 2",
    )
    .await
    .unwrap();
    app.click(r#"[data-testid="comment-resolve"]"#)
        .await
        .unwrap();
    app.find(r#"[data-testid="thread"][data-resolved="true"]"#)
        .await
        .unwrap();

    let comments = library
        .api
        .list_comments((project, folder, file.id))
        .await
        .unwrap();
    assert_eq!(comments.len(), 1);
    let thread = &comments[0];
    assert_eq!(thread.body, "Boom dips into shot");
    assert_eq!((thread.frame, thread.frame_out), (Some(10), None));
    assert!(thread.resolved);
    assert_eq!(thread.replies.len(), 1);
    assert_eq!(thread.replies[0].body, "Fixed in take 2");
    app.close().await;
}

#[tokio::test]
async fn metadata_edited_in_the_panel_reaches_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    let (library, project, folder, file) = open_clip(&app, dir.path()).await;

    app.click(r#"[data-testid="tab-metadata"]"#).await.unwrap();
    // Technical fields come from the server's probe and are read-only text.
    app.wait_for_text(r#"[data-testid="technical-width"]"#, "320 × 240")
        .await
        .unwrap();
    assert_eq!(
        app.text(r#"[data-testid="technical-frames"]"#)
            .await
            .unwrap(),
        "50"
    );

    app.type_into(r#"[data-testid="slate-scene"]"#, "12")
        .await
        .unwrap();
    app.type_into(r#"[data-testid="slate-take"]"#, "3")
        .await
        .unwrap();
    app.click(r#"[data-testid="field-add"]"#).await.unwrap();
    app.type_into(r#"[data-testid="field-key"]"#, "lens")
        .await
        .unwrap();
    app.type_into(r#"[data-testid="field-value"]"#, "35mm")
        .await
        .unwrap();
    app.click(r#"[data-testid="metadata-save"]"#).await.unwrap();
    app.wait_for_text(r#"[data-testid="metadata-panel"] [role="status"]"#, "Saved")
        .await
        .unwrap();

    let want = BTreeMap::from([
        ("lens".to_owned(), "35mm".to_owned()),
        ("scene".to_owned(), "12".to_owned()),
        ("take".to_owned(), "3".to_owned()),
    ]);
    let metadata = library
        .api
        .file_metadata((project, folder, file.id))
        .await
        .unwrap();
    assert_eq!(metadata.custom, want);
    app.close().await;
}
