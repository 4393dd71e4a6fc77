//! Real camera and sound files for tests, made with the installed ffmpeg the first time they are
//! asked for, each with the facts known from how it was made (never from probing it).
//!
//! They are small (320x180, about 2 s) to stay fast, and every picture shows its frame number
//! (burnt in with `drawtext`, counting from 0 like comment frames), so a test can read which
//! frame a player or a proxy shows. Made files are kept in the target's temp dir under a name
//! that includes a hash of the ffmpeg arguments, so a later run (or another test process) reuses
//! them and a changed recipe makes a new file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The kinds of file a camera, a sound recorder or a phone hands over, and one that is not
/// media at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// ProRes 422 HQ in QuickTime with a `tmcd` start timecode and PCM sound.
    ProresHqMov,
    /// DNxHR HQ in MXF OP1a at 23.976 with a timecode and two mono PCM tracks.
    DnxhrHqMxf,
    /// HEVC 10-bit in MP4 (`hvc1`), no sound.
    Hevc10Mp4,
    /// H.264 at 23.976 with AAC in MP4: plays in browsers as it is.
    H264Mp4,
    /// H.264 at 29.97 with a drop-frame timecode and AAC, in QuickTime.
    H264DropFrameMov,
    /// A 4-channel 48 kHz 24-bit Broadcast WAV with a time reference.
    BwfWav,
    /// Bytes that are no media format, named `.mov`.
    NotMedia,
}

/// How many kinds there are.
const KINDS: usize = 7;

/// A made file and what is true of it.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    /// The name to upload it as.
    pub name: &'static str,
    pub facts: Facts,
}

/// What a source is, from the recipe that made it. `None` where the file has no such thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// False only for the file that is not media.
    pub is_media: bool,
    pub has_video: bool,
    pub has_audio: bool,
    pub frames: Option<i64>,
    /// The exact rational, as ffmpeg was told it.
    pub frame_rate: Option<&'static str>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    /// Seconds: the longer of picture (frames / rate) and sound.
    pub duration: Option<f64>,
    /// ffmpeg's codec names.
    pub video_codec: Option<&'static str>,
    pub audio_codec: Option<&'static str>,
    pub sample_rate: Option<i64>,
    /// Channels in all sound streams together.
    pub audio_channels: Option<i64>,
    /// SMPTE for pictures, `HH:MM:SS.mmm` for BWF.
    pub start_timecode: Option<&'static str>,
    /// Seconds since midnight.
    pub start_seconds: Option<f64>,
    /// Whether browsers play the file as it is (8-bit H.264 / AAC in MP4 or QuickTime), so
    /// it needs no proxy. Not in the API: the proxy tests read it.
    pub playable: bool,
}

impl Facts {
    /// A file with neither picture nor sound.
    fn none() -> Self {
        Facts {
            is_media: false,
            has_video: false,
            has_audio: false,
            frames: None,
            frame_rate: None,
            width: None,
            height: None,
            duration: None,
            video_codec: None,
            audio_codec: None,
            sample_rate: None,
            audio_channels: None,
            start_timecode: None,
            start_seconds: None,
            playable: false,
        }
    }

    /// A 320x180 picture of `frames` frames at `rate` (`num/den`) in `codec`.
    fn picture(codec: &'static str, rate: &'static str, frames: i64) -> Self {
        let (num, den) = rate.split_once('/').expect("a rational rate");
        let (num, den): (f64, f64) = (num.parse().unwrap(), den.parse().unwrap());
        Facts {
            is_media: true,
            has_video: true,
            frames: Some(frames),
            frame_rate: Some(rate),
            width: Some(WIDTH),
            height: Some(HEIGHT),
            duration: Some(frames as f64 * den / num),
            video_codec: Some(codec),
            ..Facts::none()
        }
    }

    /// With `channels` channels of `codec` sound at 48 kHz, as long as the picture.
    fn with_sound(self, codec: &'static str, channels: i64) -> Self {
        Facts {
            has_audio: true,
            audio_codec: Some(codec),
            sample_rate: Some(RATE),
            audio_channels: Some(channels),
            ..self
        }
    }

    /// Starting at `timecode`, which is `frame` frames after midnight at the picture's rate.
    fn starting_at(self, timecode: &'static str, frame: i64) -> Self {
        let (num, den) = self
            .frame_rate
            .and_then(|r| r.split_once('/'))
            .expect("a picture");
        let (num, den): (f64, f64) = (num.parse().unwrap(), den.parse().unwrap());
        Facts {
            start_timecode: Some(timecode),
            start_seconds: Some(frame as f64 * den / num),
            ..self
        }
    }
}

const WIDTH: i64 = 320;
const HEIGHT: i64 = 180;
/// Sample rate of every sound, in Hz.
const RATE: i64 = 48_000;

/// The file of `kind`, made now if need be; `None` when ffmpeg is not installed. Panics when
/// ffmpeg is there but cannot make it: that is a broken test setup, not a skip.
pub fn source(kind: Kind) -> Option<&'static Source> {
    static MADE: [OnceLock<Source>; KINDS] = [const { OnceLock::new() }; KINDS];
    if !ffmpeg_installed() {
        return None;
    }
    Some(MADE[kind as usize].get_or_init(|| make(kind)))
}

/// Whether `ffmpeg` runs (asked once a process).
pub fn ffmpeg_installed() -> bool {
    static INSTALLED: OnceLock<bool> = OnceLock::new();
    *INSTALLED.get_or_init(|| {
        Command::new("ffmpeg")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Where made files are kept: Cargo's temp dir for integration tests, inside the target dir.
fn dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("media-sources");
    std::fs::create_dir_all(&dir).expect("the sources dir");
    dir
}

/// The burnt-in frame number, large on a black box in the top left corner.
const FRAME_NUMBER: &str =
    "drawtext=text='%{frame_num}':fontsize=64:fontcolor=white:box=1:boxcolor=black:x=8:y=8";

/// `frames` frames of `testsrc2` at 320x180 and `rate`, with the frame number burnt in.
///
/// The length is cut in the filter graph rather than with `-frames:v`: with `-frames:v`,
/// ffmpeg 5.1's MXF muxer drops the last frames it has not yet interleaved with sound.
fn picture_input(rate: &str, frames: i64) -> Vec<String> {
    let graph = format!(
        "testsrc2=size={WIDTH}x{HEIGHT}:rate={rate},trim=end_frame={frames},{FRAME_NUMBER}"
    );
    vec!["-f".into(), "lavfi".into(), "-i".into(), graph]
}

/// A 440 Hz mono tone of `samples` samples at 48 kHz.
fn sound_input(samples: i64) -> Vec<String> {
    let graph = format!("sine=frequency=440:sample_rate={RATE},atrim=end_sample={samples}");
    vec!["-f".into(), "lavfi".into(), "-i".into(), graph]
}

/// Arguments written as one line (none of them has a space).
fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

/// Samples at 48 kHz as long as `frames` frames at `num/den` frames per second.
fn samples_for(frames: i64, num: i64, den: i64) -> i64 {
    frames * RATE * den / num
}

/// What ffmpeg is asked for to make `kind`: the upload name, the extension, the arguments
/// (inputs and encoding, not the output), and the facts that follow from them.
fn recipe(kind: Kind) -> (&'static str, &'static str, Vec<String>, Facts) {
    match kind {
        Kind::ProresHqMov => {
            let mut a = picture_input("25/1", 50);
            a.extend(sound_input(samples_for(50, 25, 1)));
            a.extend(args("-c:v prores_ks -profile:v 3 -pix_fmt yuv422p10le"));
            a.extend(args("-c:a pcm_s24le -ac 2 -timecode 01:00:00:00"));
            let facts = Facts::picture("prores", "25/1", 50)
                .with_sound("pcm_s24le", 2)
                .starting_at("01:00:00:00", 3600 * 25);
            ("A001C001_ProRes422HQ.mov", "mov", a, facts)
        }
        Kind::DnxhrHqMxf => {
            // DNxHR (unlike DNxHD) takes any size, but HQ only 8-bit 4:2:2 ("yuv422p"; 10-bit
            // is the HQX profile). Each channel its own mono track, as cameras write MXF.
            let mut a = picture_input("24000/1001", 48);
            a.extend(sound_input(samples_for(48, 24000, 1001)));
            a.extend(args("-map 0:v -map 1:a -map 1:a"));
            a.extend(args("-c:v dnxhd -profile:v dnxhr_hq -pix_fmt yuv422p"));
            a.extend(args("-c:a pcm_s24le -timecode 10:00:00:00 -f mxf"));
            let facts = Facts::picture("dnxhd", "24000/1001", 48)
                .with_sound("pcm_s24le", 2)
                .starting_at("10:00:00:00", 10 * 3600 * 24);
            ("B002C003_DNxHR_HQ.mxf", "mxf", a, facts)
        }
        Kind::Hevc10Mp4 => {
            let mut a = picture_input("25/1", 50);
            a.extend(args("-c:v libx265 -pix_fmt yuv420p10le -tag:v hvc1"));
            a.extend(args("-x265-params log-level=error"));
            let facts = Facts::picture("hevc", "25/1", 50);
            ("IMG_0042_HEVC10.mp4", "mp4", a, facts)
        }
        Kind::H264Mp4 => {
            let mut a = picture_input("24000/1001", 48);
            a.extend(sound_input(samples_for(48, 24000, 1001)));
            a.extend(args("-c:v libx264 -pix_fmt yuv420p"));
            a.extend(args("-c:a aac -ac 2 -movflags +faststart"));
            let facts = Facts {
                playable: true,
                ..Facts::picture("h264", "24000/1001", 48).with_sound("aac", 2)
            };
            ("review_cut_v3.mp4", "mp4", a, facts)
        }
        Kind::H264DropFrameMov => {
            let mut a = picture_input("30000/1001", 60);
            a.extend(sound_input(samples_for(60, 30000, 1001)));
            a.extend(args("-c:v libx264 -pix_fmt yuv420p"));
            a.extend(args("-c:a aac -timecode 00:59:59;28"));
            // 00:59:59;28 drop-frame: 3599 s of 30 numbers plus 28, less 2 numbers for each
            // of the 59 minutes but the 5 divisible by ten: 107998 - 108 = 107890.
            let facts = Facts {
                playable: true,
                ..Facts::picture("h264", "30000/1001", 60)
                    .with_sound("aac", 1)
                    .starting_at("00:59:59;28", 107_890)
            };
            ("C003C007_2997DF.mov", "mov", a, facts)
        }
        Kind::BwfWav => {
            // Two seconds starting at 10:00:00.500, which is 36000.5 s of 48000 samples.
            let mut a = sound_input(2 * RATE);
            a.extend(args("-ac 4 -c:a pcm_s24le"));
            a.extend(args("-write_bext 1 -metadata time_reference=1728024000"));
            let facts = Facts {
                is_media: true,
                duration: Some(2.0),
                start_timecode: Some("10:00:00.500"),
                start_seconds: Some(36_000.5),
                ..Facts::none().with_sound("pcm_s24le", 4)
            };
            ("SR_T04_4ch.wav", "wav", a, facts)
        }
        Kind::NotMedia => ("notes_not_a_clip.mov", "mov", Vec::new(), Facts::none()),
    }
}

fn make(kind: Kind) -> Source {
    let (name, ext, ffmpeg_args, facts) = recipe(kind);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let path = dir().join(format!(
        "{stem}-{:016x}.{ext}",
        fnv1a(&ffmpeg_args.join(" "))
    ));
    if kind == Kind::NotMedia || !path.exists() {
        // Made under a name of this process's own, then renamed: another process making the
        // same file at the same time never sees it half written.
        let partial = path.with_extension(format!("{}.{ext}", std::process::id()));
        if kind == Kind::NotMedia {
            std::fs::write(&partial, not_media_bytes()).expect("write the not-media file");
        } else {
            let out = Command::new("ffmpeg")
                .args(["-v", "error", "-y", "-nostdin"])
                .args(&ffmpeg_args)
                .arg(&partial)
                .output()
                .expect("run ffmpeg");
            assert!(
                out.status.success(),
                "ffmpeg could not make {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::fs::rename(&partial, &path).expect("keep the made file");
    }
    Source { path, name, facts }
}

/// 64 KiB of fixed pseudo-random bytes (the same every run, so no run can happen to look like
/// some format).
fn not_media_bytes() -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

/// A stable hash of a recipe for the file name (std's hasher may change between releases).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
