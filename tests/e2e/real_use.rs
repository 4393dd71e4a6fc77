//! The app under real use, as a new user drove it: the picture never disagrees with the
//! timecode after a seek, typing after a control that reveals an input never edits marks, C
//! pauses, a draft survives leaving the screen, and Back returns to the file you came from.

use crate::driver::App;
use crate::review::{frame_of, open_clip};
use crate::start_app;

const ENTER: &str = "\u{E007}";

/// The video element's own clock, in seconds.
async fn video_time(app: &App) -> f64 {
    app.eval(r#"return document.querySelector('[data-testid="player-video"]').currentTime;"#)
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(-1.0)
}

/// The value of the input matching `css`.
async fn value_of(app: &App, css: &str) -> String {
    let js = format!("return document.querySelector('{css}').value;");
    app.eval(&js)
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The `data-testid` of the focused element (or of its closest ancestor that has one).
async fn focused(app: &App) -> String {
    app.eval(
        r#"const e = document.activeElement;
           const t = e && e.closest('[data-testid]');
           return t ? t.getAttribute('data-testid') : (e ? e.tagName : '');"#,
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn ready(app: &App) {
    app.wait_for_attr(r#"[data-testid="player-video"]"#, "data-ready", |v| {
        v == "true"
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_clip_played_to_its_end_and_sought_back_shows_that_frame_and_plays_again() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    open_clip(&app, dir.path()).await;
    ready(&app).await;

    app.click(r#"[data-testid="play"]"#).await.unwrap();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-frame", |v| {
        frame_of(v) >= 45
    })
    .await
    .unwrap();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-state", |v| {
        v == "paused"
    })
    .await
    .unwrap();

    // Back to the start: the readout says frame 0 only once the picture is there.
    app.click(r#"[data-testid="to-start"]"#).await.unwrap();
    app.wait_for_attr(r#"[data-testid="player-timecode"]"#, "data-seeking", |v| {
        v == "false"
    })
    .await
    .unwrap();
    assert_eq!(
        app.text(r#"[data-testid="player-timecode"]"#)
            .await
            .unwrap(),
        "00:00:00:00"
    );
    let at = video_time(&app).await;
    assert!(
        (0.0..0.04).contains(&at),
        "the picture is at {at} s while the readout says frame 0"
    );

    // And it plays again, with no error shown.
    app.click(r#"[data-testid="play"]"#).await.unwrap();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-frame", |v| {
        frame_of(v) >= 5
    })
    .await
    .unwrap();
    assert!(
        app.eval(r#"return document.querySelector('[data-testid="player-problem"]') === null;"#)
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false),
        "no playback error after playing again"
    );
    app.close().await;
}

#[tokio::test]
async fn typing_after_reply_lands_in_the_reply_and_never_moves_the_marks() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    open_clip(&app, dir.path()).await;
    ready(&app).await;
    app.type_into(r#"[data-testid="comment-text"]"#, "Soft focus")
        .await
        .unwrap();
    app.click(r#"[data-testid="comment-send"]"#).await.unwrap();
    app.wait_for_text(r#"[data-testid="comment-body"]"#, "Soft focus")
        .await
        .unwrap();
    let marks = (
        app.text(r#"[data-testid="mark-in"]"#).await.unwrap(),
        app.text(r#"[data-testid="mark-out"]"#).await.unwrap(),
    );

    // Reply shows its box with the focus in it: "ISO ok" is text, not I, S, O shortcuts.
    app.click(r#"[data-testid="comment-reply"]"#).await.unwrap();
    app.find(r#"[data-testid="reply-text"]"#).await.unwrap();
    assert_eq!(focused(&app).await, "reply-text");
    app.press("ISO ok").await.unwrap();
    assert_eq!(
        value_of(&app, r#"[data-testid="reply-text"]"#).await,
        "ISO ok"
    );
    let after = (
        app.text(r#"[data-testid="mark-in"]"#).await.unwrap(),
        app.text(r#"[data-testid="mark-out"]"#).await.unwrap(),
    );
    assert_eq!(after, marks, "typing moved the in and out marks");
    app.close().await;
}

#[tokio::test]
async fn c_while_playing_pauses_and_keeps_the_frame_for_the_comment() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    open_clip(&app, dir.path()).await;
    ready(&app).await;
    app.click(r#"[data-testid="play"]"#).await.unwrap();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-frame", |v| {
        frame_of(v) >= 3
    })
    .await
    .unwrap();
    app.press("c").await.unwrap();
    app.wait_for_attr(r#"[data-testid="player-frame"]"#, "data-state", |v| {
        v == "paused"
    })
    .await
    .unwrap();
    let pinned = app
        .find(r#"[data-testid="player-frame"]"#)
        .await
        .unwrap()
        .attr("data-frame")
        .await
        .unwrap()
        .unwrap_or_default();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let later = app
        .find(r#"[data-testid="player-frame"]"#)
        .await
        .unwrap()
        .attr("data-frame")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(
        pinned, later,
        "the frame moved while the comment was being typed"
    );
    assert_eq!(focused(&app).await, "comment-text");
    app.close().await;
}

#[tokio::test]
async fn a_draft_survives_leaving_the_clip_and_back_returns_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    open_clip(&app, dir.path()).await;
    ready(&app).await;
    app.type_into(r#"[data-testid="comment-text"]"#, "Check the slate")
        .await
        .unwrap();

    // Back: the file you came from is selected and the list has the focus.
    app.click(r#"[data-testid="review-back"]"#).await.unwrap();
    app.find(r#"[role="option"][aria-selected="true"] [data-testid="file-item"]"#)
        .await
        .unwrap();
    assert_eq!(
        app.eval(
            r#"return document.activeElement && document.activeElement.getAttribute('role');"#
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default(),
        "listbox",
        "the file list has the focus after Back"
    );

    // Open it again: the draft is still there, and says so.
    app.press(ENTER).await.unwrap();
    app.find(r#"[data-testid="draft-note"]"#).await.unwrap();
    assert_eq!(
        value_of(&app, r#"[data-testid="comment-text"]"#).await,
        "Check the slate"
    );
    app.close().await;
}
