//! Signed media URLs over real HTTP: the download redirect, ranges, conditional requests, HEAD,
//! expiry and tampering, deletion during a download, and posters from the media job.

use std::time::Duration;

use reqwest::header::{
    ACCEPT_RANGES, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, ETAG, IF_NONE_MATCH,
    IF_RANGE, LAST_MODIFIED, LOCATION, RANGE,
};
use reqwest::{Method, StatusCode};
use rushes_server::MediaTools;
use serde_json::Value;
use url::Url;

use crate::common::{error, TestServer};
use crate::tus_client::{bytes, sha256_hex, Place, Tus};

/// Uploads `content` as a new file `name` in the place's folder and returns the file id.
pub(crate) async fn upload(server: &TestServer, place: &Place, name: &str, content: &[u8]) -> i64 {
    let tus = Tus::new(server, &place.token);
    let url = tus
        .create_ok(content.len() as u64, &place.in_folder(name))
        .await;
    let res = tus.send_all(&url, content, 0, 4 * 1024 * 1024).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    crate::tus_client::file_of(server, &url).await
}

/// The signed URL `download` (or `poster`) redirects to.
async fn signed(server: &TestServer, place: &Place, id: i64, what: &str) -> Url {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = http
        .get(server.url(&format!("{}/{id}/{what}", place.files_path())))
        .bearer_auth(&place.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let location = res.headers()[LOCATION].to_str().unwrap();
    Url::parse(location).unwrap()
}

#[tokio::test]
async fn download_redirects_to_a_signed_url_that_serves_the_bytes() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let content = bytes(100_000);
    let id = upload(&server, &place, "Été A001.mov", &content).await;
    let url = signed(&server, &place, id, "download").await;
    assert_eq!(url.path(), format!("/media/{id}"));

    // No token needed: the signature is the credential.
    let res = server.http.get(url.clone()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h[ACCEPT_RANGES], "bytes");
    assert_eq!(h[ETAG], format!("\"{}\"", sha256_hex(&content)).as_str());
    assert_eq!(h[CONTENT_LENGTH], "100000");
    assert_eq!(h["content-type"], "video/quicktime");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(
        h[CONTENT_DISPOSITION],
        "attachment; filename=\"_t_ A001.mov\"; filename*=UTF-8''%C3%89t%C3%A9%20A001.mov"
    );
    assert!(h.contains_key(LAST_MODIFIED));
    assert_eq!(res.bytes().await.unwrap().as_ref(), content.as_slice());

    let head = server.http.head(url).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()[CONTENT_LENGTH], "100000");
    assert!(head.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn ranges_follow_rfc_9110() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let content = bytes(1000);
    let id = upload(&server, &place, "clip.mov", &content).await;
    let url = signed(&server, &place, id, "download").await;
    let etag = format!("\"{}\"", sha256_hex(&content));
    let get = |range: &'static str| {
        let (http, url) = (&server.http, url.clone());
        async move { http.get(url).header(RANGE, range).send().await.unwrap() }
    };

    for (range, start, end) in [
        ("bytes=0-9", 0, 9),
        ("bytes=990-", 990, 999),
        ("bytes=-10", 990, 999),
        ("bytes=500-5000", 500, 999),
        ("bytes=-5000", 0, 999),
        ("bytes=999-999", 999, 999),
    ] {
        let res = get(range).await;
        assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(
            res.headers()[CONTENT_RANGE],
            format!("bytes {start}-{end}/1000").as_str(),
            "{range}"
        );
        assert_eq!(
            res.headers()[CONTENT_LENGTH],
            (end - start + 1).to_string().as_str()
        );
        assert_eq!(res.headers()[ETAG], etag.as_str());
        assert_eq!(
            res.bytes().await.unwrap().as_ref(),
            &content[start..=end],
            "{range}"
        );
    }
    for range in ["bytes=1000-", "bytes=1000-2000", "bytes=-0"] {
        let res = get(range).await;
        assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE, "{range}");
        assert_eq!(res.headers()[CONTENT_RANGE], "bytes */1000");
    }
    for range in ["bytes=0-1,5-6", "bytes=9-2", "lines=1-2", "bytes=x-"] {
        let res = get(range).await;
        assert_eq!(res.status(), StatusCode::OK, "{range}");
        assert_eq!(res.bytes().await.unwrap().len(), 1000);
    }

    // If-Range: the same representation keeps the range, another gets everything.
    let res = server
        .http
        .get(url.clone())
        .header(RANGE, "bytes=0-9")
        .header(IF_RANGE, etag.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    for stale in ["\"0000\"", "W/\"abc\"", "Mon, 01 Jan 2001 00:00:00 GMT"] {
        let res = server
            .http
            .get(url.clone())
            .header(RANGE, "bytes=0-9")
            .header(IF_RANGE, stale)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{stale}");
        assert_eq!(res.bytes().await.unwrap().len(), 1000);
    }
    let res = server
        .http
        .get(url.clone())
        .header(IF_NONE_MATCH, etag.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let res = server
        .http
        .request(Method::HEAD, url)
        .header(RANGE, "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.headers()[CONTENT_LENGTH], "10");
}

#[tokio::test]
async fn tampered_expired_and_orphaned_links_are_refused() {
    let server = TestServer::start_with(|c| c.media_url_ttl = Duration::from_secs(1)).await;
    let place = Place::new(&server).await;
    let id = upload(&server, &place, "clip.mov", &bytes(10)).await;
    let url = signed(&server, &place, id, "download").await;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let (e, s) = (&pairs[0].1, &pairs[1].1);

    let mut later = url.clone();
    let e2 = (e.parse::<i64>().unwrap() + 3600).to_string();
    later
        .query_pairs_mut()
        .clear()
        .append_pair("e", &e2)
        .append_pair("s", s);
    let mut forged = url.clone();
    forged
        .query_pairs_mut()
        .clear()
        .append_pair("e", e)
        .append_pair("s", &"0".repeat(64));
    let other = server.url(&format!("media/{}?e={e}&s={s}", id + 1));
    for bad in [later, forged, other] {
        let res = server.http.get(bad.clone()).send().await.unwrap();
        error(res, StatusCode::FORBIDDEN, "link_expired").await;
    }
    let res = server
        .http
        .get(server.url(&format!("media/{id}")))
        .send()
        .await
        .unwrap();
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    let res = server.http.get(url.clone()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let res = server.http.get(url).send().await.unwrap();
    error(res, StatusCode::FORBIDDEN, "link_expired").await;

    // A fresh URL works; once the file is deleted, it does not.
    let url = signed(&server, &place, id, "download").await;
    let res = server
        .send(
            Method::DELETE,
            &place.token,
            &format!("{}/{id}", place.files_path()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = server.http.get(url).send().await.unwrap();
    error(res, StatusCode::FORBIDDEN, "link_expired").await;
}

#[tokio::test]
async fn deleting_a_folder_during_a_download_lets_it_finish_and_removes_the_bytes() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let content = bytes(16 * 1024 * 1024);
    let id = upload(&server, &place, "big.mov", &content).await;
    let url = signed(&server, &place, id, "download").await;
    let media_dir = server.dir.path().join("media");
    let blobs = |dir: &std::path::Path| walk(dir).into_iter().filter(|p| p.is_file()).count();
    assert_eq!(blobs(&media_dir), 1);

    let mut res = server.http.get(url.clone()).send().await.unwrap();
    let mut got = res.chunk().await.unwrap().unwrap().to_vec();
    let del = server
        .send(
            Method::DELETE,
            &place.token,
            &format!("api/projects/{}/folders/{}", place.project, place.folder),
            None,
        )
        .await;
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    assert_eq!(blobs(&media_dir), 0, "the bytes are gone from the store");
    while let Some(chunk) = res.chunk().await.unwrap() {
        got.extend_from_slice(&chunk);
    }
    assert_eq!(
        sha256_hex(&got),
        sha256_hex(&content),
        "the download finished intact"
    );
    let res = server.http.get(url).send().await.unwrap();
    error(res, StatusCode::FORBIDDEN, "link_expired").await;
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A two-second H.264/AAC clip at 25 fps with a start timecode, made by ffmpeg now.
fn make_clip(dir: &std::path::Path) -> Vec<u8> {
    let path = dir.join("clip.mov");
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y"])
        .args([
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=2:size=320x240:rate=25",
        ])
        .args(["-f", "lavfi", "-i", "sine=frequency=440:duration=2"])
        .args(["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"])
        .args(["-timecode", "01:00:00:00", "-shortest"])
        .arg(&path)
        .status()
        .expect("ffmpeg must be installed for the tests (scripts/setup-system.sh --test)");
    assert!(status.success());
    std::fs::read(path).unwrap()
}

/// A server configuration whose ffprobe and ffmpeg do not exist.
pub(crate) fn without_tools(c: &mut rushes_server::ServerConfig) {
    c.media_tools = MediaTools {
        ffprobe: "/nonexistent/ffprobe".into(),
        ffmpeg: "/nonexistent/ffmpeg".into(),
        ..MediaTools::default()
    }
}

/// Polls the file until the media job has run (a poster appears) or `limit` passes.
async fn shown_after_job(server: &TestServer, place: &Place, id: i64, limit: Duration) -> Value {
    let start = std::time::Instant::now();
    loop {
        let shown = place.show(server, id).await;
        if shown["has_poster"] == true || start.elapsed() > limit {
            return shown;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_media_job_makes_a_poster_when_ffmpeg_is_there() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let clip = make_clip(server.dir.path());
    let id = upload(&server, &place, "A001C001.mov", &clip).await;
    let shown = shown_after_job(&server, &place, id, Duration::from_secs(60)).await;
    assert_eq!(shown["has_poster"], true, "{shown}");

    let url = signed(&server, &place, id, "poster").await;
    assert_eq!(url.path(), format!("/media/{id}/poster"));
    let res = server.http.get(url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let jpeg = res.bytes().await.unwrap();
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");

    // What ffprobe found, as the metadata endpoint shows it.
    let res = server
        .get(
            &place.token,
            &format!("{}/{id}/metadata", place.files_path()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let meta: Value = crate::common::data(res).await;
    let t = &meta["technical"];
    assert!((t["duration"].as_f64().unwrap() - 2.0).abs() < 0.1, "{t}");
    assert_eq!(t["framerate"], "25/1");
    assert_eq!(t["fps"], 25.0);
    assert_eq!(t["frames"], 50);
    assert_eq!(
        (t["width"].clone(), t["height"].clone()),
        (320.into(), 240.into())
    );
    assert_eq!(t["video_codec"], "h264");
    assert_eq!(t["audio_codec"], "aac");
    assert_eq!(t["start_timecode"], "01:00:00:00");
    assert_eq!(t["sha256"], sha256_hex(&clip).as_str());
}

#[tokio::test]
async fn without_ffmpeg_files_work_and_have_no_poster() {
    let server = TestServer::start_with(without_tools).await;
    let place = Place::new(&server).await;
    let clip = make_clip(server.dir.path());
    let id = upload(&server, &place, "A001C001.mov", &clip).await;
    let shown = shown_after_job(&server, &place, id, Duration::from_secs(2)).await;
    assert_eq!(shown["has_poster"], false);
    assert_eq!(shown["state"], "ready");
    let res = server
        .get(&place.token, &format!("{}/{id}/poster", place.files_path()))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(place.download(&server, id).await, clip);
}
