//! Metadata of files and folders: custom string pairs people edit, and the technical facts the
//! server measured (read-only).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `GET .../metadata`, and the answer of `PUT` and `PATCH` on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Metadata {
    /// Custom key -> value pairs, sorted by key.
    pub custom: BTreeMap<String, String>,
    /// What the server knows about a file's bytes; `null` for folders. Every field is `null`
    /// until it is known (a pending upload, a file that is not media, a probe that has not run).
    pub technical: Option<TechnicalMetadata>,
}

/// Read-only facts about a file's bytes and media streams. Their names are reserved: they
/// cannot be custom keys (see [`RESERVED_KEYS`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechnicalMetadata {
    /// Bytes.
    #[ts(type = "number | null")]
    pub size: Option<i64>,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: Option<String>,
    /// Seconds.
    pub duration: Option<f64>,
    /// Frames per second as the rational the probe reported ("24000/1001"), exact for
    /// drop-frame rates; timecode maths should use this.
    pub framerate: Option<String>,
    /// `framerate` as a number (23.976...), for display.
    pub fps: Option<f64>,
    /// How many frames the video has; comment frames are numbered `0..frames`.
    #[ts(type = "number | null")]
    pub frames: Option<i64>,
    #[ts(type = "number | null")]
    pub width: Option<i64>,
    #[ts(type = "number | null")]
    pub height: Option<i64>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    /// Where the file starts on the time-of-day clock, as text. For a picture, its SMPTE start
    /// timecode "HH:MM:SS:FF" (";" before the frames when drop-frame). For a sound-only
    /// Broadcast WAV file, its time reference as "HH:MM:SS.mmm" (to the millisecond): sound has
    /// no frames, and writing it as SMPTE would invent a frame rate the file does not have.
    pub start_timecode: Option<String>,
    /// The same start in seconds since midnight, for lining up picture and separately recorded
    /// sound: the timecode's frame count times the real frame duration (what sound recorders
    /// write, so 01:00:00:00 at 23.976 fps is 3603.6), or a BWF file's time reference over its
    /// sample rate.
    pub start_seconds: Option<f64>,
    /// Hertz, of the first sound stream.
    #[ts(type = "number | null")]
    pub sample_rate: Option<i64>,
    /// Sound channels in all sound streams together (cameras often record each channel as a
    /// mono stream of its own).
    #[ts(type = "number | null")]
    pub audio_channels: Option<i64>,
}

/// Names a custom key may not have, compared without regard to ASCII case: they are the
/// technical fields (plus `codec`, the name the API overview uses for them), and a custom key
/// with such a name would shadow a measured fact wherever the two are shown together.
pub const RESERVED_KEYS: [&str; 15] = [
    "size",
    "sha256",
    "duration",
    "framerate",
    "fps",
    "frames",
    "width",
    "height",
    "codec",
    "video_codec",
    "audio_codec",
    "start_timecode",
    "start_seconds",
    "sample_rate",
    "audio_channels",
];

/// Body of `PUT .../metadata`: the whole new set of custom pairs (a JSON object of strings).
pub type MetadataReplace = BTreeMap<String, String>;

/// Body of `PATCH .../metadata`, a JSON Merge Patch (RFC 7396) of the custom pairs: a string
/// sets the key, `null` removes it, keys not mentioned stay as they are.
pub type MetadataPatch = BTreeMap<String, Option<String>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_tells_removal_from_setting() {
        let patch: MetadataPatch = serde_json::from_str(r#"{"scene":"12","take":null}"#).unwrap();
        assert_eq!(patch["scene"], Some("12".into()));
        assert_eq!(patch["take"], None);
    }

    #[test]
    fn folders_have_no_technical_block() {
        let json = serde_json::to_value(Metadata::default()).unwrap();
        assert_eq!(json, serde_json::json!({"custom": {}, "technical": null}));
    }
}
