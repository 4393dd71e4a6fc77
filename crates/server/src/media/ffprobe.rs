//! What `ffprobe` says about a file (duration, frame rate, frames, size, codecs, sound, start
//! time), read from its JSON, and whether browsers can play the file as it is.

use std::path::Path;

use serde::Deserialize;

use super::confine::Confinement;
use super::timecode::{bwf_seconds, clock_text, rational, timecode_seconds};
use super::tool::{run, ToolError};
use crate::db::technical::MediaRow;

/// What ffprobe said about a file: the findings the `file_media` table keeps, whether it has a
/// picture to make a poster of, and what [`playable`] needs to know beyond the stored fields.
#[derive(Debug, Default, Clone)]
pub struct Probed {
    pub has_video: bool,
    /// ffprobe's demuxer names for the container (`"mov,mp4,m4a,3gp,3g2,mj2"`, `"mxf"`).
    pub container: Option<String>,
    /// The picture's pixel format (`"yuv420p"`, `"yuv422p10le"`): chroma and bit depth.
    pub pix_fmt: Option<String>,
    pub media: MediaRow,
}

/// Why a file has no technical metadata.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// ffprobe could not open it as any container the media job allows, or found neither
    /// picture nor sound in it. Recorded as just "not media": ffprobe's own message names the
    /// path it was given, which is the sandbox's or the store's, not the user's.
    #[error("not media")]
    NotMedia,
    /// ffprobe did not get to look (it could not start or ran out of time).
    #[error("ffprobe {0}")]
    Tool(ToolError),
    #[error("unreadable ffprobe output: {0}")]
    Output(#[from] serde_json::Error),
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
    pix_fmt: Option<String>,
    r_frame_rate: Option<String>,
    avg_frame_rate: Option<String>,
    nb_frames: Option<String>,
    duration: Option<String>,
    /// Audio: a decimal string ("48000").
    sample_rate: Option<String>,
    /// Audio: how many channels this stream carries.
    channels: Option<i64>,
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
    /// BWF `bext` chunk: the first sample's position in samples since midnight.
    time_reference: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Format {
    format_name: Option<String>,
    duration: Option<String>,
    #[serde(default)]
    tags: Tags,
}

/// Probes the file at `path`. The error is a string because that is what is recorded.
pub async fn probe(how: &Confinement, ffprobe: &Path, path: &Path) -> Result<Probed, ProbeError> {
    let out = run(how.tool_on(ffprobe, &["-v", "error"], None, path).args([
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
    ]))
    .await
    .map_err(|e| match e {
        ToolError::Failed(why) => {
            tracing::debug!(%why, "ffprobe refused the file");
            ProbeError::NotMedia
        }
        other => ProbeError::Tool(other),
    })?;
    interpret(serde_json::from_slice(&out)?)
}

fn interpret(out: FfprobeOutput) -> Result<Probed, ProbeError> {
    let of_type = |t: &'static str| {
        out.streams
            .iter()
            .filter(move |s| s.codec_type.as_deref() == Some(t))
    };
    // Cover art in a sound file is a "video" stream too; it is not the file's picture.
    let video = of_type("video").find(|s| s.disposition.attached_pic == 0);
    let audio = of_type("audio").next();
    if video.is_none() && audio.is_none() {
        return Err(ProbeError::NotMedia);
    }
    let format = out.format.as_ref();
    let seconds = |d: Option<&String>| {
        d.and_then(|d| d.parse::<f64>().ok())
            .filter(|d| d.is_finite() && *d >= 0.0)
    };
    let duration = seconds(format.and_then(|f| f.duration.as_ref()))
        .or_else(|| seconds(video.and_then(|v| v.duration.as_ref())))
        .or_else(|| seconds(audio.and_then(|a| a.duration.as_ref())));
    let frame_rate = video.and_then(frame_rate);
    let frames = video.and_then(|v| {
        let counted = v.nb_frames.as_deref().and_then(|n| n.parse::<i64>().ok());
        counted.filter(|n| *n > 0).or_else(|| {
            // MXF and some MOVs do not count frames: the picture's own duration (the file's
            // may be longer sound) times the rate, in whole frames.
            let (num, den) = rational(frame_rate.as_deref()?)?;
            let length = seconds(v.duration.as_ref()).or(duration)?;
            Some((length * num as f64 / den as f64).round() as i64)
        })
    });
    let sample_rate = audio
        .and_then(|a| a.sample_rate.as_deref())
        .and_then(|r| r.parse::<i64>().ok())
        .filter(|r| *r > 0);
    // Cameras often record each sound channel as a mono stream of its own: count them all.
    let audio_channels =
        Some(of_type("audio").filter_map(|a| a.channels).sum::<i64>()).filter(|c| *c > 0);
    let timecode = video
        .and_then(|v| v.tags.timecode.clone())
        .or_else(|| format.and_then(|f| f.tags.timecode.clone()))
        .or_else(|| out.streams.iter().find_map(|s| s.tags.timecode.clone()));
    let from_timecode = timecode
        .as_deref()
        .zip(frame_rate.as_deref())
        .and_then(|(tc, rate)| timecode_seconds(tc, rate));
    // Sound-only BWF: the start is a sample count, written as clock time (see `clock_text`).
    let bwf = video
        .is_none()
        .then(|| {
            let reference = format
                .and_then(|f| f.tags.time_reference.as_deref())
                .or_else(|| audio.and_then(|a| a.tags.time_reference.as_deref()))?
                .parse::<u64>()
                .ok()?;
            let rate = u64::try_from(sample_rate?).ok()?;
            Some((clock_text(reference, rate)?, bwf_seconds(reference, rate)?))
        })
        .flatten();
    let (bwf_text, bwf_start) = bwf.unzip();
    Ok(Probed {
        has_video: video.is_some(),
        container: format.and_then(|f| f.format_name.clone()),
        pix_fmt: video.and_then(|v| v.pix_fmt.clone()),
        media: MediaRow {
            duration,
            frame_rate,
            frames,
            width: video.and_then(|v| v.width),
            height: video.and_then(|v| v.height),
            video_codec: video.and_then(|v| v.codec_name.clone()),
            audio_codec: audio.and_then(|a| a.codec_name.clone()),
            start_timecode: timecode.or(bwf_text),
            sample_rate,
            audio_channels,
            start_seconds: from_timecode.or(bwf_start),
        },
    })
}

/// The picture's rate as the exact rational ffprobe reports: the average rate first (the
/// nominal one for constant-rate footage), else the base rate; "0/0" means unknown.
fn frame_rate(video: &Stream) -> Option<String> {
    [&video.avg_frame_rate, &video.r_frame_rate]
        .into_iter()
        .flatten()
        .find(|r| rational(r).is_some())
        .cloned()
}

/// Whether browsers play the original as it is, so it needs no proxy: an MP4/QuickTime file
/// whose picture (if any) is 8-bit 4:2:0 H.264 at most 1080 lines high and whose sound (if any)
/// is AAC or MP3, an MP3 file, or a plain WAV (16- or 8-bit PCM, mono or stereo). Everything
/// else (ProRes, DNxHR, HEVC, 10-bit, MXF, 24-bit or multichannel WAV) plays only in some
/// browsers on some systems, or in none.
// The proxy job, which decides whether a file needs a proxy, is its caller.
pub fn playable(p: &Probed) -> bool {
    let m = &p.media;
    let plain_wav = !p.has_video
        && p.container.as_deref() == Some("wav")
        && matches!(m.audio_codec.as_deref(), Some("pcm_s16le" | "pcm_u8"))
        && m.audio_channels.is_some_and(|c| c <= 2);
    if plain_wav {
        return true;
    }
    // An MP3 file is as playable as MP3 sound in an MP4.
    let container = p.container.as_deref().is_some_and(|names| {
        names
            .split(',')
            .any(|n| n == "mov" || n == "mp4" || (n == "mp3" && !p.has_video))
    });
    // "yuvj420p" is the same 4:2:0 8-bit picture in full range, as phones write it.
    let picture = !p.has_video
        || (m.video_codec.as_deref() == Some("h264")
            && matches!(p.pix_fmt.as_deref(), Some("yuv420p" | "yuvj420p"))
            && m.height.is_some_and(|h| h <= 1080));
    let sound = matches!(m.audio_codec.as_deref(), None | Some("aac" | "mp3"));
    let something = p.has_video || m.audio_codec.is_some();
    container && picture && sound && something
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Interprets ffprobe JSON (written as `json!`).
    fn read(out: serde_json::Value) -> Result<Probed, ProbeError> {
        interpret(serde_json::from_value(out).unwrap())
    }

    fn mov(streams: serde_json::Value) -> serde_json::Value {
        json!({"streams": streams,
               "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "2.000000"}})
    }

    #[test]
    fn interprets_ffprobe_output() {
        let p = read(mov(json!([
            {"codec_type":"video","codec_name":"h264","width":1920,"height":1080,
             "pix_fmt":"yuv420p","r_frame_rate":"25/1","avg_frame_rate":"25/1","nb_frames":"50",
             "tags":{"timecode":"01:00:00:00"}},
            {"codec_type":"audio","codec_name":"aac","sample_rate":"48000","channels":2}
        ])))
        .unwrap();
        assert!(p.has_video);
        assert_eq!(p.media.duration, Some(2.0));
        assert_eq!(p.media.frame_rate.as_deref(), Some("25/1"));
        assert_eq!(p.media.frames, Some(50));
        assert_eq!((p.media.width, p.media.height), (Some(1920), Some(1080)));
        assert_eq!(p.media.video_codec.as_deref(), Some("h264"));
        assert_eq!(p.media.audio_codec.as_deref(), Some("aac"));
        assert_eq!(p.media.start_timecode.as_deref(), Some("01:00:00:00"));
        assert_eq!(p.media.start_seconds, Some(3600.0));
        assert_eq!(
            (p.media.sample_rate, p.media.audio_channels),
            (Some(48000), Some(2))
        );
        assert!(playable(&p));
    }

    #[test]
    fn frames_come_from_duration_when_not_counted() {
        let json = json!({"streams":[{"codec_type":"video","avg_frame_rate":"24000/1001"}],
                          "format":{"duration":"10.01"}});
        assert_eq!(read(json).unwrap().media.frames, Some(240));
    }

    /// MXF (as ffprobe 5.1 reads an OP1a file): no frame count, the timecode of the material
    /// package only on the container, one mono stream per sound channel, and sound that runs
    /// longer than the picture.
    #[test]
    fn mxf_counts_the_pictures_frames_and_every_sound_channel() {
        let p = read(json!({
            "streams": [
                {"codec_type":"video","codec_name":"dnxhd","width":320,"height":180,
                 "pix_fmt":"yuv422p","r_frame_rate":"25/1","avg_frame_rate":"25/1",
                 "duration":"2.000000","tags":{"file_package_umid":"0x06"}},
                {"codec_type":"audio","codec_name":"pcm_s24le","sample_rate":"48000",
                 "channels":1,"duration":"2.500000"},
                {"codec_type":"audio","codec_name":"pcm_s24le","sample_rate":"48000",
                 "channels":1,"duration":"2.500000"}
            ],
            "format": {"format_name":"mxf","duration":"2.500000",
                       "tags":{"timecode":"10:00:00:00"}}
        }))
        .unwrap();
        assert_eq!(p.media.frames, Some(50));
        assert_eq!(p.media.duration, Some(2.5));
        assert_eq!(p.media.start_timecode.as_deref(), Some("10:00:00:00"));
        assert_eq!(p.media.start_seconds, Some(36000.0));
        assert_eq!(p.media.audio_channels, Some(2));
        assert!(!playable(&p));
    }

    /// A QuickTime `tmcd` track: ffprobe puts its timecode on the picture stream it belongs to
    /// and on the data stream; a drop-frame one has ';' before the frames.
    #[test]
    fn drop_frame_timecode_from_the_timecode_track() {
        let p = read(mov(json!([
            {"codec_type":"video","codec_name":"h264","height":180,"pix_fmt":"yuv420p",
             "r_frame_rate":"30000/1001","avg_frame_rate":"30000/1001","nb_frames":"60"},
            {"codec_type":"data","avg_frame_rate":"30000/1001",
             "tags":{"timecode":"00:59:59;28"}}
        ])))
        .unwrap();
        assert_eq!(p.media.start_timecode.as_deref(), Some("00:59:59;28"));
        let expected = 107_890.0 * 1001.0 / 30000.0;
        assert!((p.media.start_seconds.unwrap() - expected).abs() < 1e-9);
        assert_eq!(p.media.frame_rate.as_deref(), Some("30000/1001"));
        assert_eq!((p.media.sample_rate, p.media.audio_channels), (None, None));
    }

    #[test]
    fn bwf_start_is_its_time_reference_over_the_sample_rate() {
        let p = read(json!({
            "streams": [{"codec_type":"audio","codec_name":"pcm_s24le","sample_rate":"48000",
                         "channels":4,"duration":"2.000000"}],
            "format": {"format_name":"wav","duration":"2.000000",
                       "tags":{"time_reference":"172800000"}}
        }))
        .unwrap();
        assert!(!p.has_video);
        assert_eq!(p.media.frames, None);
        assert_eq!(p.media.frame_rate, None);
        assert_eq!(p.media.start_timecode.as_deref(), Some("01:00:00.000"));
        assert_eq!(p.media.start_seconds, Some(3600.0));
        assert_eq!(
            (p.media.sample_rate, p.media.audio_channels),
            (Some(48000), Some(4))
        );
        assert!(!playable(&p), "WAV is not MP4");
    }

    #[test]
    fn without_picture_or_sound_it_is_not_media() {
        for out in [
            json!({}),
            json!({"streams":[], "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2"}}),
            json!({"streams":[{"codec_type":"data","tags":{"timecode":"01:00:00:00"}}]}),
            json!({"streams":[{"codec_type":"subtitle","codec_name":"mov_text"}]}),
        ] {
            assert!(
                matches!(read(out.clone()), Err(ProbeError::NotMedia)),
                "{out}"
            );
        }
        assert_eq!(ProbeError::NotMedia.to_string(), "not media");
    }

    #[test]
    fn only_8_bit_h264_and_aac_or_mp3_in_mp4_up_to_1080_lines_plays_as_is() {
        let h264 = |pix_fmt: &str, height: i64| {
            json!({"codec_type":"video","codec_name":"h264","pix_fmt":pix_fmt,"height":height,
                   "avg_frame_rate":"24000/1001"})
        };
        let sound = |codec: &str| json!({"codec_type":"audio","codec_name":codec});
        let plays = |streams: serde_json::Value| playable(&read(mov(streams)).unwrap());
        assert!(plays(json!([h264("yuv420p", 1080), sound("aac")])));
        assert!(plays(json!([h264("yuvj420p", 720), sound("mp3")])));
        assert!(plays(json!([h264("yuv420p", 360)])), "no sound is fine");
        assert!(plays(json!([sound("aac")])), "sound alone is fine");
        assert!(!plays(json!([h264("yuv420p", 2160), sound("aac")])), "UHD");
        assert!(!plays(json!([h264("yuv420p10le", 1080)])), "10-bit");
        assert!(!plays(json!([h264("yuv422p", 1080)])), "4:2:2");
        assert!(
            !plays(json!([h264("yuv420p", 1080), sound("pcm_s16le")])),
            "PCM"
        );
        let hevc = json!({"codec_type":"video","codec_name":"hevc","pix_fmt":"yuv420p",
                          "height":1080});
        assert!(!plays(json!([hevc])), "HEVC");
        let prores = json!({"codec_type":"video","codec_name":"prores",
                            "pix_fmt":"yuv422p10le","height":1080});
        assert!(!plays(json!([prores])), "ProRes");

        let mut in_mkv = mov(json!([h264("yuv420p", 1080), sound("aac")]));
        in_mkv["format"]["format_name"] = "matroska,webm".into();
        assert!(!playable(&read(in_mkv).unwrap()), "Matroska");
    }

    #[test]
    fn a_plain_wav_plays_as_is_and_a_24_bit_or_multichannel_one_does_not() {
        let wav = |codec: &str, channels: i64| {
            let mut out = mov(json!([{"codec_type":"audio","codec_name":codec,
                                       "channels":channels,"sample_rate":"48000"}]));
            out["format"]["format_name"] = "wav".into();
            playable(&read(out).unwrap())
        };
        assert!(wav("pcm_s16le", 2));
        assert!(wav("pcm_u8", 1));
        assert!(!wav("pcm_s24le", 2), "24-bit");
        assert!(!wav("pcm_s16le", 4), "four channels");
    }
}
