//! What the server makes from a file's bytes so it can be reviewed anywhere: the probe (with the
//! poster), a browser-playable proxy, and an audio waveform, each with the state of its job.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a media job makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RenditionKind {
    /// ffprobe's technical metadata and, for video, the poster. Every other job waits for it.
    Probe,
    /// An H.264/AAC MP4 (≤ 1080p, the source's frame rate and start timecode) that browsers and
    /// every webview play. Made only when the original does not play there as it is.
    Proxy,
    /// Min/max peaks of the sound for the timeline (`GET .../waveform`), in the JSON format of
    /// audiowaveform (`version`, `channels`, `sample_rate`, `samples_per_pixel`, `bits`,
    /// `length`, `data`).
    Waveform,
}

/// Where a media job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RenditionState {
    /// Waiting for a worker.
    Queued,
    /// Being made; `percent` says how far.
    Running,
    /// Done and served.
    Ready,
    /// Ended without a result; `error_code` and `error` say why.
    Failed,
}

/// Why a media job failed, stable for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RenditionError {
    /// The bytes are not audio or video ffprobe can read (a document, an archive, a damaged
    /// file). Not worth retrying.
    NotMedia,
    /// The server has no ffmpeg/ffprobe: review needs them installed there.
    NoTools,
    /// The job took longer than its time limit.
    TimedOut,
    /// ffmpeg failed; `error` has its words.
    Failed,
}

impl RenditionError {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotMedia => "not_media",
            Self::NoTools => "no_tools",
            Self::TimedOut => "timed_out",
            Self::Failed => "failed",
        }
    }

    /// The stored name read back; an unknown one reads as [`Self::Failed`].
    pub fn parse(s: &str) -> Self {
        [Self::NotMedia, Self::NoTools, Self::TimedOut]
            .into_iter()
            .find(|e| e.as_str() == s)
            .unwrap_or(Self::Failed)
    }
}

/// One media job of a file and what it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rendition {
    pub kind: RenditionKind,
    pub state: RenditionState,
    /// 0–100 while running (from ffmpeg's progress), 100 when ready.
    pub percent: u8,
    pub error_code: Option<RenditionError>,
    /// ffmpeg's own words when it failed.
    pub error: Option<String>,
}

/// A file's waveform: min/max peaks of its sound, in audiowaveform's JSON format (version 2,
/// one channel, 8 bits), as `GET .../waveform` serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waveform {
    /// The format's version: 2.
    pub version: u8,
    /// How many channels `data` interleaves: 1 (the channels are mixed).
    pub channels: u8,
    /// Samples per second of the sound the peaks were taken from.
    pub sample_rate: u32,
    /// How many samples each min/max pair covers.
    #[ts(type = "number")]
    pub samples_per_pixel: u64,
    /// Bits per value: 8, so values are -128..=127.
    pub bits: u8,
    /// How many min/max pairs `data` holds.
    #[ts(type = "number")]
    pub length: u64,
    /// `[min0, max0, min1, max1, …]`.
    pub data: Vec<i8>,
}
