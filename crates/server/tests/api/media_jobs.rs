//! The media job queue through the API: proxies that keep the source's frames and timecode,
//! waveforms, files that are not media, retries, and jobs that survive a kill and stop on a
//! delete. Sources are made with ffmpeg at test time.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{error, TestDir, TestServer};
use crate::media::upload;
use crate::tus_client::Place;

/// Runs ffmpeg with `args`, asserting it succeeds.
fn ffmpeg(args: &[&str]) {
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y"])
        .args(args)
        .status()
        .expect("ffmpeg must be installed for the tests (scripts/setup-system.sh --test)");
    assert!(status.success(), "ffmpeg {args:?}");
}

/// A ProRes 422 HQ clip at 23.976 with a `tmcd` start timecode and two mono sound streams (a
/// camera's boom and lav), 48 frames.
fn prores(dir: &Path) -> PathBuf {
    let path = dir.join("A001C003.mov");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x180:rate=24000/1001",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=48000",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=660:sample_rate=48000",
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-map",
        "2:a",
        "-frames:v",
        "48",
        "-t",
        "2.002",
        "-c:v",
        "prores_ks",
        "-profile:v",
        "3",
        "-pix_fmt",
        "yuv422p10le",
        "-c:a",
        "pcm_s24le",
        "-timecode",
        "01:00:00:00",
        path.to_str().unwrap(),
    ]);
    path
}

/// [`prores`] uploaded into `place`: its path and the file's id.
async fn upload_prores(server: &TestServer, place: &Place) -> (PathBuf, i64) {
    let source = prores(server.dir.path());
    let bytes = std::fs::read(&source).unwrap();
    (
        source.clone(),
        upload(server, place, "A001C003.mov", &bytes).await,
    )
}

/// A long, large-frame source whose proxy takes seconds to make: time to kill or delete.
fn slow(dir: &Path, seconds: u32) -> PathBuf {
    let path = dir.join("B001C001.mov");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("testsrc2=size=1920x1080:rate=25:duration={seconds}"),
        "-c:v",
        "mpeg2video",
        "-q:v",
        "8",
        path.to_str().unwrap(),
    ]);
    path
}

/// What ffprobe says of `path`: the first video stream's codec, pixel format, counted frames and
/// timecode, and the audio streams' codec and channels.
pub(crate) fn ffprobe(path: &Path) -> Value {
    let out = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-print_format", "json"])
        .args(["-show_streams", "-show_format"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

pub(crate) fn streams<'a>(probe: &'a Value, kind: &str) -> Vec<&'a Value> {
    probe["streams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["codec_type"] == kind)
        .collect()
}

pub(crate) fn rendition<'a>(file: &'a Value, kind: &str) -> Option<&'a Value> {
    file["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind)
}

/// Polls file `id` until `done` holds for it (or panics after `limit`).
pub(crate) async fn until(
    server: &TestServer,
    place: &Place,
    id: i64,
    limit: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    until_at(server.handle.addr(), place, id, limit, done).await
}

/// [`until`] against the server at `addr` (one this test runs as a process).
async fn until_at(
    addr: std::net::SocketAddr,
    place: &Place,
    id: i64,
    limit: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let shown = show_at(addr, place, id).await;
        if done(&shown) {
            return shown;
        }
        assert!(start.elapsed() < limit, "gave up waiting: {shown}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether no job of the file is queued or running (a probe queues what follows it in the
/// same step as it ends, so there is no moment between).
pub(crate) fn settled(file: &Value) -> bool {
    let all = file["renditions"].as_array().unwrap();
    !all.is_empty()
        && all
            .iter()
            .all(|r| r["state"] == "ready" || r["state"] == "failed")
}

/// Downloads a signed rendition URL (`proxy`, `waveform`, `download`) of file `id` to `to`.
pub(crate) async fn fetch(
    server: &TestServer,
    place: &Place,
    id: i64,
    what: &str,
    to: &Path,
) -> StatusCode {
    let res = server
        .get(&place.token, &format!("{}/{id}/{what}", place.files_path()))
        .await;
    if res.status() != StatusCode::OK {
        return res.status();
    }
    let bytes = res.bytes().await.unwrap();
    std::fs::write(to, &bytes).unwrap();
    StatusCode::OK
}

#[tokio::test]
async fn a_prores_clip_gets_a_proxy_with_its_frames_timecode_and_all_its_sound() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let (source, id) = upload_prores(&server, &place).await;
    let file = until(&server, &place, id, Duration::from_secs(100), settled).await;
    for kind in ["probe", "proxy", "waveform"] {
        assert_eq!(rendition(&file, kind).unwrap()["state"], "ready", "{file}");
    }
    assert_eq!(rendition(&file, "proxy").unwrap()["percent"], 100, "{file}");

    let proxy = server.dir.path().join("proxy.mp4");
    assert_eq!(
        fetch(&server, &place, id, "proxy", &proxy).await,
        StatusCode::OK
    );
    let (src, out) = (ffprobe(&source), ffprobe(&proxy));
    let (sv, pv) = (streams(&src, "video")[0], streams(&out, "video")[0]);
    assert_eq!(pv["codec_name"], "h264");
    assert_eq!(pv["pix_fmt"], "yuv420p");
    assert_eq!(
        pv["nb_read_frames"], sv["nb_read_frames"],
        "every frame, no more"
    );
    assert_eq!(sv["nb_read_frames"], "48");
    assert_eq!(pv["r_frame_rate"], "24000/1001");
    assert_eq!(pv["tags"]["timecode"], "01:00:00:00", "{out}");
    let audio = streams(&out, "audio");
    assert_eq!(audio.len(), 1, "both sources mixed into one stream");
    assert_eq!(audio[0]["codec_name"], "aac");
    assert_eq!(audio[0]["channels"], 2);
    assert!(
        out["format"]["format_name"]
            .as_str()
            .unwrap()
            .contains("mp4"),
        "{out}"
    );

    let peaks = server.dir.path().join("peaks.json");
    assert_eq!(
        fetch(&server, &place, id, "waveform", &peaks).await,
        StatusCode::OK
    );
    let peaks: Value = serde_json::from_slice(&std::fs::read(&peaks).unwrap()).unwrap();
    assert_eq!(peaks["version"], 2);
    assert_eq!(peaks["bits"], 8);
    let length = peaks["length"].as_u64().unwrap();
    assert!(length > 100, "{peaks}");
    assert_eq!(peaks["data"].as_array().unwrap().len() as u64, 2 * length);
    // Two sines at an eighth of full scale (the sine source's level), mixed: about ±16 of ±128.
    let max = peaks["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .max();
    assert!((12..=20).contains(&max.unwrap()), "{peaks}");
}

#[tokio::test]
async fn a_clip_browsers_play_gets_no_proxy_and_plays_as_it_is() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let path = server.dir.path().join("h264.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=2:size=320x240:rate=25",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=2",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        path.to_str().unwrap(),
    ]);
    let id = upload(&server, &place, "h264.mp4", &std::fs::read(&path).unwrap()).await;
    let file = until(&server, &place, id, Duration::from_secs(60), settled).await;
    assert_eq!(rendition(&file, "probe").unwrap()["state"], "ready");
    assert_eq!(
        rendition(&file, "waveform").unwrap()["state"],
        "ready",
        "{file}"
    );
    assert!(rendition(&file, "proxy").is_none(), "{file}");
    let res = server
        .get(&place.token, &format!("{}/{id}/proxy", place.files_path()))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_file_that_is_not_media_says_so_and_a_retry_runs_it_again() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let junk: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let id = upload(&server, &place, "notes.mov", &junk).await;
    let file = until(&server, &place, id, Duration::from_secs(60), settled).await;
    let probe = rendition(&file, "probe").unwrap();
    assert_eq!(probe["state"], "failed", "{file}");
    assert_eq!(probe["error_code"], "not_media");
    assert!(!probe["error"].as_str().unwrap().is_empty());
    assert_eq!(file["renditions"].as_array().unwrap().len(), 1, "{file}");

    let retry = format!("{}/{id}/renditions/probe/retry", place.files_path());
    let res = server.post(&place.token, &retry, Value::Null).await;
    assert_eq!(res.status(), StatusCode::OK);
    let again = until(&server, &place, id, Duration::from_secs(60), settled).await;
    assert_eq!(
        rendition(&again, "probe").unwrap()["error_code"],
        "not_media"
    );

    // Only a failed job can be retried, and only a known kind.
    let proxy = format!("{}/{id}/renditions/proxy/retry", place.files_path());
    let res = server.post(&place.token, &proxy, Value::Null).await;
    error(res, StatusCode::CONFLICT, "conflict").await;
    let bad = format!("{}/{id}/renditions/poster/retry", place.files_path());
    let res = server.post(&place.token, &bad, Value::Null).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn without_ffmpeg_the_probe_fails_with_no_tools_and_the_bytes_still_download() {
    let server = TestServer::start_with(crate::media::without_tools).await;
    let place = Place::new(&server).await;
    let source = prores(server.dir.path());
    let bytes = std::fs::read(&source).unwrap();
    let id = upload(&server, &place, "A001C003.mov", &bytes).await;
    let file = until(&server, &place, id, Duration::from_secs(30), settled).await;
    let probe = rendition(&file, "probe").unwrap();
    assert_eq!(probe["state"], "failed", "{file}");
    assert_eq!(probe["error_code"], "no_tools");
    assert_eq!(place.download(&server, id).await, bytes);
}

/// Files under the store's work directory (what jobs write before it is complete).
fn work_files(data: &Path) -> Vec<PathBuf> {
    walk(&data.join("media-work"))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

/// Blobs of file `id` in the media store (its bytes, poster and renditions).
fn blobs_of(data: &Path, id: i64) -> Vec<PathBuf> {
    walk(&data.join("media"))
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{id}-")))
        })
        .collect()
}

#[tokio::test]
async fn deleting_a_file_stops_its_proxy_and_leaves_nothing_on_disk() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let source = slow(server.dir.path(), 20);
    let id = upload(
        &server,
        &place,
        "B001C001.mov",
        &std::fs::read(&source).unwrap(),
    )
    .await;
    until(&server, &place, id, Duration::from_secs(120), |f| {
        rendition(f, "proxy")
            .is_some_and(|r| r["state"] == "running" && r["percent"].as_u64() > Some(0))
    })
    .await;
    assert!(
        !work_files(server.dir.path()).is_empty(),
        "the proxy is being written"
    );

    let path = format!("{}/{id}", place.files_path());
    let res = server
        .send(reqwest::Method::DELETE, &place.token, &path, None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let start = Instant::now();
    while !(work_files(server.dir.path()).is_empty() && blobs_of(server.dir.path(), id).is_empty())
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "left behind: {:?} {:?}",
            work_files(server.dir.path()),
            blobs_of(server.dir.path(), id)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const BIN: &str = env!("CARGO_BIN_EXE_rushes-server");

/// `rushes-server serve` on `dir` as its own process with `more` arguments, and its address.
async fn serve_with(dir: &TestDir, more: &[&str]) -> (tokio::process::Child, std::net::SocketAddr) {
    let mut command = tokio::process::Command::new(BIN);
    match dir.database_url() {
        Some(url) => command.env("RUSHES_DATABASE_URL", url),
        None => command.env_remove("RUSHES_DATABASE_URL"),
    };
    let mut child = command
        .args([
            "serve",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
        ])
        .args(more)
        .env_remove("RUSHES_DATA_DIR")
        .env_remove("RUSHES_BIND")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let addr = tokio::time::timeout(Duration::from_secs(30), crate::cli::listening_addr(stderr))
        .await
        .expect("the server logs its address");
    (child, addr)
}

/// File `id` as the server at `addr` shows it.
async fn show_at(addr: std::net::SocketAddr, place: &Place, id: i64) -> Value {
    let res = reqwest::Client::new()
        .get(format!("http://{addr}/{}/{id}", place.files_path()))
        .bearer_auth(&place.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["data"].clone()
}

/// A 20 s clip uploaded through `server` (its proxy takes a while): its id and frame count.
async fn upload_slow(server: &TestServer, place: &Place) -> (i64, Value) {
    let source = slow(server.dir.path(), 20);
    let frames = streams(&ffprobe(&source), "video")[0]["nb_read_frames"].clone();
    let bytes = std::fs::read(&source).unwrap();
    (upload(server, place, "B001C001.mov", &bytes).await, frames)
}

/// Waits until the server at `addr` is writing the proxy of file `id`.
async fn until_proxy_is_written(addr: std::net::SocketAddr, place: &Place, id: i64) {
    until_at(addr, place, id, Duration::from_secs(120), |f| {
        rendition(f, "proxy")
            .is_some_and(|r| r["state"] == "running" && r["percent"].as_u64() > Some(0))
    })
    .await;
}

/// Waits for the proxy of file `id` at `addr` and checks it is whole: all `frames`, exactly one
/// in the store of `data`, nothing left in the work directory.
async fn one_whole_proxy(
    addr: std::net::SocketAddr,
    place: &Place,
    id: i64,
    data: &Path,
    frames: &Value,
) {
    let done = until_at(addr, place, id, Duration::from_secs(180), |f| {
        rendition(f, "proxy").is_some_and(|r| r["state"] == "ready")
    })
    .await;
    assert_eq!(rendition(&done, "proxy").unwrap()["percent"], 100);
    assert!(work_files(data).is_empty(), "{:?}", work_files(data));
    let res = reqwest::Client::new()
        .get(format!("http://{addr}/{}/{id}/proxy", place.files_path()))
        .bearer_auth(&place.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let proxy = data.join("proxy.mp4");
    std::fs::write(&proxy, res.bytes().await.unwrap()).unwrap();
    assert_eq!(
        &streams(&ffprobe(&proxy), "video")[0]["nb_read_frames"],
        frames
    );
    let mp4s = blobs_of(data, id)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "mp4"))
        .count();
    assert_eq!(mp4s, 1);
}

#[tokio::test]
async fn a_proxy_job_killed_with_its_server_runs_again_after_the_restart() {
    // The upload goes in through a server in this process, which stops before the proxy is
    // done; the same data dir is then served by the real binary, killed mid-proxy, and served
    // again.
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let (id, frames) = upload_slow(&server, &place).await;
    let TestServer { handle, dir, .. } = server;
    handle.shutdown().await;

    // A short lease: on PostgreSQL the killed server's job is taken on once it runs out.
    let lease = ["--media-job-lease", "2"];
    let (mut first, addr) = serve_with(&dir, &lease).await;
    until_proxy_is_written(addr, &place, id).await;
    assert!(!work_files(dir.path()).is_empty(), "a proxy half written");
    first.kill().await.unwrap(); // SIGKILL: no clean-up of any kind.
    first.wait().await.unwrap();

    let (_second, addr) = serve_with(&dir, &lease).await;
    one_whole_proxy(addr, &place, id, dir.path(), &frames).await;
}

#[tokio::test]
async fn a_view_only_guest_plays_the_proxy_and_is_never_handed_the_camera_original() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let (_, id) = upload_prores(&server, &place).await;
    let (_, token) = crate::review_links::share(
        &server,
        &place.token,
        place.project,
        serde_json::json!({ "folder_id": place.folder, "permission": "view", "label": "Client" }),
    )
    .await;
    let guest = crate::review_links::guest(&server, &token, "Dana").await;
    // From the first moment to the proxy being ready, the player gets "not yet" or the proxy.
    let path = format!("api/guest/files/{id}/media");
    let start = Instant::now();
    let location = loop {
        let res = guest.get(&server, &path).await;
        match res.status() {
            StatusCode::CONFLICT => {}
            StatusCode::FOUND => break crate::browser::location(&res),
            other => panic!("{other}"),
        }
        assert!(
            start.elapsed() < Duration::from_secs(100),
            "no proxy in time"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(location.path(), format!("/media/{id}/proxy"));
    let res = server.http.get(location).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "video/mp4");
    // The waveform too; the original stays behind `download`.
    let res = guest
        .get(&server, &format!("api/guest/files/{id}/waveform"))
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let res = guest
        .get(&server, &format!("api/guest/files/{id}/download"))
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn an_instance_started_with_no_media_jobs_leaves_a_running_job_alone() {
    // Instance A runs the media jobs; B, started beside it on the same data (as instances
    // behind a load balancer are), runs none. Had B cleared the work directory and queued
    // running jobs again as an instance that runs jobs does at start, A's half-written proxy
    // would be gone under it.
    let a = TestServer::start().await;
    let place = Place::new(&a).await;
    let (id, frames) = upload_slow(&a, &place).await;
    let at_a = a.handle.addr();
    until_proxy_is_written(at_a, &place, id).await;
    let half_written = work_files(a.dir.path());
    assert!(!half_written.is_empty(), "a proxy half written");

    let mut config = rushes_server::ServerConfig::new(
        a.dir.path(),
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
    );
    config.database_url = a.dir.database_url().map(str::to_owned);
    config.media_tools.workers = 0;
    let b = rushes_server::start(config).await.unwrap();
    // B answers, and A's job goes on where it was, its output untouched.
    let seen = show_at(b.addr(), &place, id).await;
    assert_eq!(rendition(&seen, "proxy").unwrap()["state"], "running");
    for file in &half_written {
        assert!(file.exists(), "{} was removed", file.display());
    }
    one_whole_proxy(at_a, &place, id, a.dir.path(), &frames).await;
    b.shutdown().await;
}

#[tokio::test]
async fn a_proxy_job_left_by_an_instance_that_died_is_taken_on_by_another() {
    // Several instances on one database: A (a process) runs the proxy and is killed; B, already
    // running beside it, sees A's lease run out and does the job over. On SQLite there is one
    // instance, and the restart test above covers it.
    let server = TestServer::start_with(|c| c.media_tools.workers = 0).await;
    if server.dir.database_url().is_none() {
        eprintln!("skipped: instances share a PostgreSQL database, never a SQLite file");
        return;
    }
    let place = Place::new(&server).await;
    let (id, frames) = upload_slow(&server, &place).await;
    let (mut a, at_a) = serve_with(&server.dir, &["--media-job-lease", "2"]).await;
    until_proxy_is_written(at_a, &place, id).await;
    let mut config = rushes_server::ServerConfig::new(
        server.dir.path(),
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
    );
    config.database_url = server.dir.database_url().map(str::to_owned);
    config.media_tools.lease = Duration::from_secs(2);
    let b = rushes_server::start(config).await.unwrap();
    // While A lives, its lease is renewed and B leaves the job alone.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        !work_files(server.dir.path()).is_empty(),
        "A's proxy half written"
    );
    a.kill().await.unwrap(); // SIGKILL: A neither finishes nor gives the job back.
    a.wait().await.unwrap();

    one_whole_proxy(b.addr(), &place, id, server.dir.path(), &frames).await;
    b.shutdown().await;
}
