//! What `ffprobe` says about a file (duration, frame rate, frames, size, codecs, start
//! timecode), read from its JSON.

use std::path::Path;

use serde::Deserialize;

use super::confine::Confinement;
use super::tool::run;
use crate::db::technical::MediaRow;

/// What ffprobe said about a file: the findings the `file_media` table keeps, and whether it
/// has a picture to make a poster of.
#[derive(Debug, Default, Clone)]
pub struct Probed {
    pub has_video: bool,
    pub media: MediaRow,
}

#[derive(Debug, Deserialize)]
struct FfprobeOutput {
    #[serde(default)]
    streams: Vec<Stream>,
    #[serde(default)]
    format: Option<Format>,
}

#[derive(Debug, Deserialize)]
struct Stream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    r_frame_rate: Option<String>,
    avg_frame_rate: Option<String>,
    nb_frames: Option<String>,
    duration: Option<String>,
    #[serde(default)]
    tags: Tags,
    #[serde(default)]
    disposition: Disposition,
}

#[derive(Debug, Default, Deserialize)]
struct Disposition {
    #[serde(default)]
    attached_pic: i64,
}

#[derive(Debug, Default, Deserialize)]
struct Tags {
    timecode: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Format {
    duration: Option<String>,
    #[serde(default)]
    tags: Tags,
}

pub async fn probe(how: &Confinement, ffprobe: &Path, path: &Path) -> Result<Probed, String> {
    let out = run(how.tool_on(ffprobe, &["-v", "error"], None, path).args([
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
    ]))
    .await?;
    let parsed: FfprobeOutput =
        serde_json::from_slice(&out).map_err(|e| format!("unreadable ffprobe output: {e}"))?;
    Ok(interpret(parsed))
}

fn interpret(out: FfprobeOutput) -> Probed {
    let video = out
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video") && s.disposition.attached_pic == 0);
    let audio = out
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("audio"));
    let duration = out
        .format
        .as_ref()
        .and_then(|f| f.duration.as_deref())
        .or_else(|| video.and_then(|v| v.duration.as_deref()))
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d >= 0.0);
    let frame_rate = video
        .and_then(|v| {
            [&v.avg_frame_rate, &v.r_frame_rate]
                .into_iter()
                .flatten()
                .find(|r| rational(r).is_some_and(|x| x > 0.0))
        })
        .cloned();
    let frames = video
        .and_then(|v| v.nb_frames.as_deref())
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .or_else(|| {
            let fps = frame_rate.as_deref().and_then(rational)?;
            // Whole frames in the duration; a float product of two rounded inputs.
            Some((duration? * fps).round() as i64)
        });
    let start_timecode = video
        .and_then(|v| v.tags.timecode.clone())
        .or_else(|| out.format.as_ref().and_then(|f| f.tags.timecode.clone()))
        .or_else(|| out.streams.iter().find_map(|s| s.tags.timecode.clone()));
    Probed {
        has_video: video.is_some(),
        media: MediaRow {
            duration,
            frame_rate,
            frames,
            width: video.and_then(|v| v.width),
            height: video.and_then(|v| v.height),
            video_codec: video.and_then(|v| v.codec_name.clone()),
            audio_codec: audio.and_then(|a| a.codec_name.clone()),
            start_timecode,
        },
    }
}

/// `"24000/1001"` as a number.
fn rational(s: &str) -> Option<f64> {
    let (n, d) = s.split_once('/').unwrap_or((s, "1"));
    let (n, d) = (n.parse::<f64>().ok()?, d.parse::<f64>().ok()?);
    (d != 0.0).then_some(n / d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interprets_ffprobe_output() {
        let json = r#"{
          "streams": [
            {"codec_type":"video","codec_name":"h264","width":1920,"height":1080,
             "r_frame_rate":"25/1","avg_frame_rate":"25/1","nb_frames":"50",
             "tags":{"timecode":"01:00:00:00"}},
            {"codec_type":"audio","codec_name":"aac"}
          ],
          "format": {"duration":"2.000000"}
        }"#;
        let p = interpret(serde_json::from_str(json).unwrap());
        assert!(p.has_video);
        assert_eq!(p.media.duration, Some(2.0));
        assert_eq!(p.media.frame_rate.as_deref(), Some("25/1"));
        assert_eq!(p.media.frames, Some(50));
        assert_eq!((p.media.width, p.media.height), (Some(1920), Some(1080)));
        assert_eq!(p.media.video_codec.as_deref(), Some("h264"));
        assert_eq!(p.media.audio_codec.as_deref(), Some("aac"));
        assert_eq!(p.media.start_timecode.as_deref(), Some("01:00:00:00"));
    }

    #[test]
    fn frames_come_from_duration_when_not_counted() {
        let json = r#"{"streams":[{"codec_type":"video","avg_frame_rate":"24000/1001"}],
                       "format":{"duration":"10.01"}}"#;
        let p = interpret(serde_json::from_str(json).unwrap());
        assert_eq!(p.media.frames, Some(240));
        let audio_only = r#"{"streams":[{"codec_type":"audio","codec_name":"pcm_s24le"}]}"#;
        let p = interpret(serde_json::from_str(audio_only).unwrap());
        assert!(!p.has_video);
        assert_eq!(p.media.frames, None);
    }
}
