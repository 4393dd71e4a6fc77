//! A camera original in the real app: a ProRes clip is prepared by the library's media queue
//! (a proxy with the same frames and timecode), then plays, and the picture shown at a paused
//! frame is that frame of the source.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::driver::App;
use crate::fixtures::Library;
use crate::review::{open_in_review, play_pause_and_step};
use crate::start_app;

/// Frames of the test clip (3 s at 25 fps).
const FRAMES: u32 = 75;

/// A ProRes 422 HQ clip starting at 01:00:00:00 whose every frame is one flat colour of its own
/// (and shows its number), so the frame on screen can be told from its neighbours by one pixel.
fn prores_clip(dir: &Path) -> PathBuf {
    let out = dir.join("A002C007.mov");
    let picture = format!(
        "color=c=black:s=320x180:r=25:d={},\
         geq=r='mod(N*23+40,256)':g='mod(N*57+80,256)':b='mod(N*101+120,256)'",
        FRAMES / 25
    );
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", &picture])
        .args([
            "-c:v",
            "prores_ks",
            "-profile:v",
            "3",
            "-pix_fmt",
            "yuv422p10le",
        ])
        .args(["-timecode", "01:00:00:00"])
        .arg(&out)
        .stdin(Stdio::null())
        .status()
        .expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg made no ProRes clip");
    out
}

/// The colour of each frame of `source` as ffmpeg decodes it (the centre pixel, RGB).
fn source_colours(source: &Path) -> Vec<[u8; 3]> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(source)
        .args([
            "-vf",
            "crop=2:2,scale=1:1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success());
    out.stdout
        .chunks_exact(3)
        .map(|c| [c[0], c[1], c[2]])
        .collect()
}

/// The centre pixel of a PNG screenshot, RGB.
fn centre_of(png_bytes: &[u8]) -> [u8; 3] {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let at = ((h / 2) * w + w / 2) * channels;
    [buf[at], buf[at + 1], buf[at + 2]]
}

/// Which frame's colour `seen` is nearest to.
fn nearest_frame(colours: &[[u8; 3]], seen: [u8; 3]) -> usize {
    let distance = |c: &[u8; 3]| -> u32 {
        c.iter()
            .zip(seen)
            .map(|(a, b)| u32::from(a.abs_diff(b)).pow(2))
            .sum()
    };
    (0..colours.len())
        .min_by_key(|i| distance(&colours[*i]))
        .expect("frames")
}

async fn upload_and_open(app: &App, library: &Library, dir: &Path) -> PathBuf {
    let project = library.project_id("Review").await.unwrap();
    let folder = library.folder_id(project, "Day 01").await.unwrap();
    let source = prores_clip(dir);
    library
        .upload(project, folder, &source, "A002C007.mov")
        .await
        .unwrap();
    open_in_review(app, "Day 01", "A002C007.mov").await;
    source
}

#[tokio::test]
async fn a_prores_clip_is_prepared_then_shows_the_sources_frame_and_timecode() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    let url = app.library_url().await.unwrap();
    app.create_project("Review").await.unwrap();
    app.create_folder("Day 01").await.unwrap();
    let library = Library::open(&url, &app.data_dir).await.unwrap();
    let source = upload_and_open(&app, &library, dir.path()).await;

    // Nothing to do for the person: the proxy is made and the player takes it.
    app.wait_for_attr(r#"[data-testid="player-video"]"#, "data-ready", |v| {
        v == "true"
    })
    .await
    .unwrap();
    app.wait_for_text(
        r#"[data-testid="player-frame"]"#,
        &format!("Frame 0 / {}", FRAMES - 1),
    )
    .await
    .unwrap();
    let src = app
        .eval("return document.querySelector('[data-testid=\"player-video\"]').currentSrc")
        .await
        .unwrap();
    assert!(
        src.as_str().is_some_and(|s| s.contains("/proxy?")),
        "the player plays the proxy: {src}"
    );

    // It plays; then frame 10 by the arrow keys: the source's timecode and picture.
    play_pause_and_step(&app, 10).await;
    // The start timecode comes with the probe's metadata, which may arrive after the picture.
    app.wait_for_text(r#"[data-testid="player-timecode"]"#, "01:00:00:10")
        .await
        .unwrap();
    let colours = source_colours(&source);
    assert_eq!(colours.len(), FRAMES as usize);
    // The decoder may show the frame a moment after the seek: look until it settles.
    let video = app.find(r#"[data-testid="player-video"]"#).await.unwrap();
    let mut shown = usize::MAX;
    for _ in 0..50 {
        let png = video.screenshot().await.unwrap();
        shown = nearest_frame(&colours, centre_of(&png));
        if shown == 10 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        shown, 10,
        "the picture at frame 10 is the source's frame 10"
    );
    app.close().await;
}
