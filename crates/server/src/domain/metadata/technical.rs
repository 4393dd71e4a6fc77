//! The technical block of a file's metadata, assembled from its record and the probe's findings.

use rushes_api::metadata::TechnicalMetadata;

use crate::db::files::FileRow;
use crate::db::technical::MediaRow;

/// What the server knows about `file`'s bytes. Size and sha256 describe the bytes, so they are
/// shown only once the bytes are complete (a pending file's size is only an announcement, and is
/// on the file record); the rest comes from the probe, when it has run.
pub fn technical(file: &FileRow, media: Option<MediaRow>) -> TechnicalMetadata {
    let ready = file.is_ready();
    let media = media.unwrap_or_default();
    TechnicalMetadata {
        size: file.size.filter(|_| ready),
        sha256: file.sha256.clone().filter(|_| ready),
        duration: media.duration,
        fps: media.frame_rate.as_deref().and_then(fps),
        framerate: media.frame_rate,
        frames: media.frames,
        width: media.width,
        height: media.height,
        video_codec: media.video_codec,
        audio_codec: media.audio_codec,
        start_timecode: media.start_timecode,
        start_seconds: media.start_seconds,
        sample_rate: media.sample_rate,
        audio_channels: media.audio_channels,
    }
}

/// A frame rate as ffprobe writes it ("24000/1001", "25/1", or "25") as frames per second;
/// `None` for "0/0" (ffprobe's "unknown") and anything else that is not a positive rate.
pub fn fps(rate: &str) -> Option<f64> {
    let value = match rate.split_once('/') {
        Some((num, den)) => {
            let num: f64 = num.trim().parse().ok()?;
            let den: f64 = den.trim().parse().ok()?;
            num / den
        }
        None => rate.trim().parse().ok()?,
    };
    (value.is_finite() && value > 0.0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rational_frame_rates_become_frames_per_second() {
        assert_eq!(fps("25/1"), Some(25.0));
        assert_eq!(fps("25"), Some(25.0));
        let ntsc = fps("24000/1001").unwrap();
        assert!((ntsc - 23.976).abs() < 0.001, "{ntsc}");
    }

    #[test]
    fn unknown_or_nonsense_rates_are_none() {
        for bad in ["0/0", "0/1", "25/0", "", "abc", "-25/1", "1/x"] {
            assert_eq!(fps(bad), None, "{bad:?}");
        }
    }
}
