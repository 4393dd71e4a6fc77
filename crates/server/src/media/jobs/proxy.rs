//! The proxy job: an MP4 every browser and webview plays, made from a camera original they
//! cannot (ProRes, DNxHR, MXF, HEVC, 4K) or from a sound roll in a format they may not (24-bit
//! multichannel WAV, which becomes stereo AAC).
//!
//! What it keeps so review stays true to the source: every frame at the source's exact rate (no
//! frame is added or dropped, so frame N of the proxy is frame N of the source), the start
//! timecode (a `tmcd` track), and the picture's shape (no taller than 1080 lines, no wider than
//! 1920, square pixels). What it changes: H.264 High in 8-bit 4:2:0, a keyframe at least every
//! second so seeking to any frame is quick, the index at the front (`+faststart`) so playback
//! starts before the whole file is fetched, and all sound mixed to stereo AAC (see [`mix`]).

use std::time::Duration;

use super::mix::{self, Fold};
use super::progress::{supervise, FfmpegProgress};
use super::worker::{Ended, Job, Made};
use crate::db::technical::MediaRow;
use crate::media::confine::Limits;

/// The proxy's name inside the job's work directory.
const OUTPUT: &str = "proxy.mp4";

/// Time limits: a fixed allowance plus this much per second of source. A 1080p ProRes minute
/// encodes in about a minute on two cores; 4K or a slow machine may take several times that.
const WALL_BASE: Duration = Duration::from_secs(300);
const WALL_PER_SECOND: f64 = 30.0;
/// CPU time counts every thread: a many-core server spends many CPU seconds per second.
const CPU_BASE: u64 = 300;
const CPU_PER_SECOND: f64 = 240.0;

pub(super) async fn run(job: &Job<'_>) -> Result<Made, Ended> {
    let facts = job.facts().await?;
    let duration = facts.duration.unwrap_or(0.0).max(0.0);
    let streams = mix::audio_streams(job).await?;
    let limits = Limits {
        cpu_seconds: CPU_BASE + (duration * CPU_PER_SECOND) as u64,
        low_priority: true,
        work_dir: Some(job.work.to_owned()),
    };
    let mut cmd = job.how.tool_with(
        &job.tools.ffmpeg,
        &["-v", "error", "-nostdin", "-y"],
        Some("-i"),
        &job.source,
        &limits,
    );
    cmd.args(arguments(&facts, &streams));
    cmd.arg(job.how.output_path(&limits, OUTPUT));
    let mut progress = FfmpegProgress::new(facts.frames, Some((duration * 1_000_000.0) as i64));
    let limit = WALL_BASE + Duration::from_secs_f64(duration * WALL_PER_SECOND);
    supervise(job, cmd, limit, &mut progress).await?;
    let made = job.work.join(OUTPUT);
    let size = tokio::fs::metadata(&made)
        .await
        .map(|m| m.len())
        .unwrap_or(0);
    if size == 0 {
        return Err(Ended::failed("ffmpeg made no proxy"));
    }
    let key = job
        .store
        .put_file(job.row.file_id, ".mp4", &made)
        .await
        .map_err(Ended::failed)?;
    Ok(Made {
        output: Some(key),
        then: Vec::new(),
    })
}

/// ffmpeg's output options for the proxy of a source described by `facts` with audio
/// `streams` (channels of each).
fn arguments(facts: &MediaRow, streams: &[u32]) -> Vec<String> {
    let mut args: Vec<String> = Vec::new();
    if let Some(graph) = mix::graph(streams, Fold::Stereo) {
        args.extend(["-filter_complex".into(), graph, "-map".into(), "[a]".into()]);
        args.extend(["-c:a", "aac", "-b:a", "192k", "-ar", "48000"].map(String::from));
    }
    if facts.video_codec.is_some() {
        args.extend(picture(facts));
    }
    args.extend(
        [
            // Nothing of the source's metadata (names, GPS, serials) travels to reviewers.
            "-map_metadata",
            "-1",
            "-map_chapters",
            "-1",
            "-movflags",
            "+faststart",
            "-progress",
            "pipe:1",
            "-nostats",
            "-f",
            "mp4",
        ]
        .map(String::from),
    );
    args
}

/// The picture's part of the arguments.
fn picture(facts: &MediaRow) -> Vec<String> {
    let mut args: Vec<String> = vec!["-map".into(), "0:v:0".into()];
    // Fit in 1920x1080 by display size (anamorphic sources widen), never enlarge, even sides.
    let scale = "scale=w='min(1920,iw*sar)':h='min(1080,ih)':\
                 force_original_aspect_ratio=decrease:force_divisible_by=2,setsar=1,format=yuv420p";
    let gop = keyframe_interval(facts.frame_rate.as_deref());
    args.extend(
        [
            "-vf",
            scale,
            // Every decoded frame is written with its own time: the count stays the source's.
            "-fps_mode",
            "passthrough",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "20",
            "-profile:v",
            "high",
            "-g",
            &gop,
        ]
        .map(String::from),
    );
    if let Some(tc) = &facts.start_timecode {
        args.extend(["-timecode".into(), tc.clone()]);
    }
    args
}

/// Frames between keyframes: the frame rate rounded up, so there is one at least every second.
fn keyframe_interval(rate: Option<&str>) -> String {
    let fps = rate
        .and_then(|r| {
            let (n, d) = r.split_once('/').unwrap_or((r, "1"));
            let (n, d) = (n.parse::<f64>().ok()?, d.parse::<f64>().ok()?);
            (d > 0.0 && n > 0.0).then_some(n / d)
        })
        .unwrap_or(25.0);
    (fps.ceil() as u64).clamp(1, 240).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyframes_come_at_least_every_second() {
        assert_eq!(keyframe_interval(Some("24000/1001")), "24");
        assert_eq!(keyframe_interval(Some("30000/1001")), "30");
        assert_eq!(keyframe_interval(Some("25/1")), "25");
        assert_eq!(keyframe_interval(Some("0/0")), "25");
        assert_eq!(keyframe_interval(None), "25");
    }

    #[test]
    fn the_proxy_keeps_timecode_and_mixes_all_sound() {
        let facts = MediaRow {
            video_codec: Some("prores".into()),
            frame_rate: Some("24000/1001".into()),
            start_timecode: Some("01:00:00:00".into()),
            ..Default::default()
        };
        let args = arguments(&facts, &[1, 1]).join(" ");
        assert!(args.starts_with("-filter_complex "), "{args}");
        assert!(args.contains("-map 0:v:0 "), "{args}");
        assert!(args.contains("-map [a] -c:a aac"), "{args}");
        assert!(args.contains("-fps_mode passthrough"), "{args}");
        assert!(args.contains("-g 24 "), "{args}");
        assert!(args.contains("-timecode 01:00:00:00"), "{args}");
        assert!(args.ends_with("-f mp4"), "{args}");
        assert_eq!(args.matches("-f mp4").count(), 1, "{args}");
        assert_eq!(args.matches("-map_metadata").count(), 1, "{args}");
        let silent = arguments(&MediaRow::default(), &[]).join(" ");
        assert!(
            !silent.contains("aac") && !silent.contains("-timecode"),
            "{silent}"
        );
    }
}
