//! Finding 3: ffprobe and ffmpeg read only the uploaded file. A playlist or concat list posing
//! as a movie, pointing at a real video outside the data dir, must come out as "not media" with
//! no poster, instead of lending that video's metadata and frames to the upload.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{data, TestServer};
use crate::media::upload;
use crate::tus_client::Place;

/// A one-second video in `dir` (a temp dir of its own, outside the server's data dir), or
/// `None` when ffmpeg is missing.
fn make_secret(dir: &Path) -> Option<PathBuf> {
    let secret = dir.join("secret.mp4");
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .args([
            "testsrc=duration=1:size=64x64:rate=5",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&secret)
        .status();
    match status {
        Ok(s) if s.success() => Some(secret),
        Ok(s) => panic!("ffmpeg could not make the test video: {s}"),
        Err(_) => None,
    }
}

/// What the media job stored for `file`: (probe_error, duration, video_codec, poster_key),
/// waiting for the job to run.
pub(crate) async fn job_result(
    server: &TestServer,
    file: i64,
) -> (Option<String>, Option<f64>, Option<String>, Option<String>) {
    let pool = server.db().await;
    let start = Instant::now();
    loop {
        let row = sqlx::query_as(
            "SELECT probe_error, duration, video_codec, poster_key FROM file_media \
             WHERE file_id = $1",
        )
        .bind(file)
        .fetch_optional(&pool)
        .await
        .unwrap();
        if let Some(row) = row {
            pool.close().await;
            return row;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the media job did not run"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Uploads `content` as `name` and checks that it is not media and has no poster.
async fn assert_not_media(server: &TestServer, place: &Place, name: &str, content: &str) {
    let id = upload(server, place, name, content.as_bytes()).await;
    let (error, duration, codec, poster) = job_result(server, id).await;
    assert!(error.is_some(), "probe_error must be set for {content:?}");
    assert_eq!((duration, codec, poster), (None, None, None), "{content:?}");

    let shown = place.show(server, id).await;
    assert_eq!(shown["has_poster"], false, "{shown}");
    let res = server
        .get(
            &place.token,
            &format!("{}/{id}/metadata", place.files_path()),
        )
        .await;
    let meta: Value = data(res).await;
    let t = &meta["technical"];
    for field in ["duration", "framerate", "frames", "width", "video_codec"] {
        assert_eq!(t[field], Value::Null, "{field}: {t}");
    }
}

#[tokio::test]
async fn playlists_pointing_outside_the_data_dir_are_not_media() {
    let outside = tempfile::tempdir().unwrap();
    let Some(secret) = make_secret(outside.path()) else {
        eprintln!("skipped: ffmpeg is not installed");
        return;
    };
    let server = TestServer::start().await;
    assert!(!secret.starts_with(server.dir.path()));
    let place = Place::new(&server).await;

    let hls = format!(
        "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://{}\n#EXT-X-ENDLIST\n",
        secret.display()
    );
    assert_not_media(&server, &place, "innocent.mov", &hls).await;

    let concat = format!("ffconcat version 1.0\nfile '{}'\n", secret.display());
    assert_not_media(&server, &place, "innocent too.mov", &concat).await;
}
