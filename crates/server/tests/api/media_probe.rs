//! The probe and the renditions are right for real camera and sound files: each source of
//! `media_sources` is uploaded and its technical metadata from the API must equal what the
//! source was made to be; it gets a proxy exactly when browsers cannot play it, with the
//! source's frames and start timecode, and a waveform exactly when it has sound.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{data, TestServer};
use crate::media::upload;
use crate::media_jobs;
use crate::media_sources::{source, Facts, Kind, Source};
use crate::security_media::job_result;
use crate::tus_client::Place;

/// Uploads the source of `kind`, waits for the media job and checks the technical metadata.
async fn probes_as_made(kind: Kind) {
    let Some(src) = source(kind) else {
        eprintln!("skipped: ffmpeg is not installed");
        return;
    };
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let content = std::fs::read(&src.path).unwrap();
    let id = upload(&server, &place, src.name, &content).await;
    let (error, ..) = job_result(&server, id).await;
    let facts = &src.facts;
    if facts.is_media {
        assert_eq!(error, None, "{}", src.name);
    } else {
        assert_eq!(error.as_deref(), Some("not media"), "{}", src.name);
    }

    let res = server
        .get(
            &place.token,
            &format!("{}/{id}/metadata", place.files_path()),
        )
        .await;
    let meta: Value = data(res).await;
    let t = &meta["technical"];
    assert_eq!(t["size"], content.len(), "{}: {t}", src.name);
    assert_eq!(shown(t), expected(facts), "{}: {t}", src.name);
    assert_eq!(
        t["video_codec"].is_string(),
        facts.has_video,
        "{}",
        src.name
    );
    assert_eq!(
        t["audio_codec"].is_string(),
        facts.has_audio,
        "{}",
        src.name
    );
    let file = place.show(&server, id).await;
    assert_eq!(file["has_poster"], facts.has_video, "{}: {file}", src.name);
    renders_as_made(&server, &place, id, src).await;
}

/// The renditions of source `src`, uploaded as file `id`, once its jobs have run.
async fn renders_as_made(server: &TestServer, place: &Place, id: i64, src: &Source) {
    let limit = Duration::from_secs(100);
    let file = media_jobs::until(server, place, id, limit, media_jobs::settled).await;
    let facts = &src.facts;
    let probe = media_jobs::rendition(&file, "probe").unwrap();
    if !facts.is_media {
        assert_eq!(probe["error_code"], "not_media", "{file}");
        assert_eq!(file["renditions"].as_array().unwrap().len(), 1, "{file}");
        return;
    }
    assert_eq!(probe["state"], "ready", "{}: {file}", src.name);
    let waveform = media_jobs::rendition(&file, "waveform");
    assert_eq!(waveform.is_some(), facts.has_audio, "{}: {file}", src.name);
    if let Some(w) = waveform {
        assert_eq!(w["state"], "ready", "{}: {file}", src.name);
    }
    let proxy = media_jobs::rendition(&file, "proxy");
    // Sound rolls browsers may not play (24-bit multichannel WAV) get a stereo AAC proxy too.
    let needs_proxy = !facts.playable;
    assert_eq!(proxy.is_some(), needs_proxy, "{}: {file}", src.name);
    if !needs_proxy {
        return;
    }
    assert_eq!(proxy.unwrap()["state"], "ready", "{}: {file}", src.name);
    let out = server.dir.path().join("proxy.mp4");
    assert_eq!(
        media_jobs::fetch(server, place, id, "proxy", &out).await,
        StatusCode::OK
    );
    let probed = media_jobs::ffprobe(&out);
    let audio = media_jobs::streams(&probed, "audio");
    assert_eq!(audio.len(), usize::from(facts.has_audio), "{}", src.name);
    if !facts.has_video {
        assert_eq!(audio[0]["codec_name"], "aac", "{probed}");
        assert_eq!(audio[0]["channels"], 2, "{probed}");
        return;
    }
    let video = media_jobs::streams(&probed, "video")[0];
    assert_eq!(video["codec_name"], "h264", "{}", src.name);
    let frames = facts.frames.map(|f| f.to_string());
    assert_eq!(
        video["nb_read_frames"].as_str(),
        frames.as_deref(),
        "{}: {probed}",
        src.name
    );
    assert_eq!(
        video["tags"]["timecode"].as_str(),
        facts.start_timecode,
        "{}: {probed}",
        src.name
    );
    let audio = media_jobs::streams(&probed, "audio");
    assert_eq!(audio.len(), usize::from(facts.has_audio), "{}", src.name);
}

/// The probed fields of the API's technical metadata, with durations to the millisecond and
/// start times to the microsecond.
fn shown(t: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for key in FIELDS {
        out.insert(key.to_owned(), t[key].clone());
    }
    out.insert("duration".into(), rounded(t["duration"].as_f64(), 1e3));
    out.insert(
        "start_seconds".into(),
        rounded(t["start_seconds"].as_f64(), 1e6),
    );
    Value::Object(out)
}

/// What [`shown`] must be for a source made to be `f`.
fn expected(f: &Facts) -> Value {
    json!({
        "framerate": f.frame_rate,
        "frames": f.frames,
        "width": f.width,
        "height": f.height,
        "video_codec": f.video_codec,
        "audio_codec": f.audio_codec,
        "sample_rate": f.sample_rate,
        "audio_channels": f.audio_channels,
        "start_timecode": f.start_timecode,
        "duration": rounded(f.duration, 1e3),
        "start_seconds": rounded(f.start_seconds, 1e6),
    })
}

/// The fields compared as they are.
const FIELDS: [&str; 9] = [
    "framerate",
    "frames",
    "width",
    "height",
    "video_codec",
    "audio_codec",
    "sample_rate",
    "audio_channels",
    "start_timecode",
];

fn rounded(seconds: Option<f64>, per_second: f64) -> Value {
    json!(seconds.map(|s| (s * per_second).round() / per_second))
}

#[tokio::test]
async fn prores_422_hq_mov_with_a_timecode_track() {
    probes_as_made(Kind::ProresHqMov).await;
}

#[tokio::test]
async fn dnxhr_hq_mxf_with_two_mono_tracks() {
    probes_as_made(Kind::DnxhrHqMxf).await;
}

#[tokio::test]
async fn hevc_10_bit_mp4_without_sound() {
    probes_as_made(Kind::Hevc10Mp4).await;
}

#[tokio::test]
async fn h264_23_976_mp4_with_aac() {
    probes_as_made(Kind::H264Mp4).await;
}

#[tokio::test]
async fn h264_29_97_drop_frame_mov() {
    probes_as_made(Kind::H264DropFrameMov).await;
}

#[tokio::test]
async fn four_channel_bwf_wav_starts_at_its_time_reference() {
    probes_as_made(Kind::BwfWav).await;
}

#[tokio::test]
async fn random_bytes_named_mov_are_not_media() {
    probes_as_made(Kind::NotMedia).await;
}
