//! Start times on one clock: a picture's SMPTE start timecode and a BWF sound file's sample
//! offset both become seconds since midnight, so separately recorded sound can be lined up with
//! the picture it belongs to.

/// Seconds since midnight at which a picture starts whose first frame carries `timecode`
/// (`"HH:MM:SS:FF"`, or `"HH:MM:SS;FF"` when drop-frame) at `rate` frames per second (a
/// rational such as `"30000/1001"`).
///
/// The timecode is counted into frames at its nominal rate (30 for 29.97), leaving out the frame
/// numbers drop-frame skips; that count times the real frame duration is the answer. Sound
/// recorders derive a BWF time reference from timecode the same way (2002 samples a frame at
/// 23.976 fps and 48 kHz), so `01:00:00:00` at 23.976 is 3603.6 s for picture and sound alike.
/// `None` when the timecode does not fit the rate (a frame number past it, drop-frame at a rate
/// that has none).
pub fn timecode_seconds(timecode: &str, rate: &str) -> Option<f64> {
    let (num, den) = rational(rate)?;
    let base = (num as f64 / den as f64).round() as u64;
    let frames = timecode_frames(timecode, base)?;
    Some(frames as f64 * den as f64 / num as f64)
}

/// The frame number `timecode` names when counting at `base` frames a second.
fn timecode_frames(timecode: &str, base: u64) -> Option<u64> {
    let tc = timecode.trim();
    // Drop-frame marks itself with ';' (',' in some tools) before the frames; '.' is taken
    // as non-drop, as the review screen reads it.
    let split = tc.rfind([':', ';', '.', ','])?;
    let drop = tc[split..].starts_with([';', ',']);
    let mut hms = tc[..split].split(':');
    let mut field = || -> Option<u64> { hms.next()?.parse().ok() };
    let (h, m, s) = (field()?, field()?, field()?);
    let f: u64 = tc[split + 1..].parse().ok()?;
    if hms.next().is_some() || m >= 60 || s >= 60 || base == 0 || f >= base {
        return None;
    }
    let counted = ((h * 60 + m) * 60 + s) * base + f;
    if !drop {
        return Some(counted);
    }
    // Drop-frame: 2 frame numbers (4 at 59.94) skipped every minute except each tenth.
    if base % 30 != 0 {
        return None;
    }
    let skipped = base / 15;
    let minutes = h * 60 + m;
    counted.checked_sub(skipped * (minutes - minutes / 10))
}

/// How a picture's frames are numbered as SMPTE timecode: the nominal rate counted at (30 for
/// 29.97), whether drop-frame skips numbers, and the frame number of the first frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimecodeClock {
    pub base: u64,
    pub drop: bool,
    pub start: u64,
}

impl TimecodeClock {
    /// The clock of a picture at `rate` (`"30000/1001"`) whose first frame carries `start`. A
    /// start written drop-frame (`;`) counts drop-frame; with no start timecode the picture
    /// starts at zero, drop-frame at 29.97 and 59.94 as cameras record them. `None` without a
    /// usable rate, or when the start does not fit the rate.
    pub fn new(rate: &str, start: Option<&str>) -> Option<Self> {
        let (num, den) = rational(rate)?;
        let base = (num as f64 / den as f64).round() as u64;
        if base == 0 {
            return None;
        }
        let ntsc = den == 1001 && base % 30 == 0;
        match start.map(str::trim).filter(|s| !s.is_empty()) {
            Some(tc) => {
                let start = timecode_frames(tc, base)?;
                let split = tc.rfind([':', ';', '.', ','])?;
                let drop = tc[split..].starts_with([';', ',']);
                Some(Self { base, drop, start })
            }
            None => Some(Self {
                base,
                drop: ntsc,
                start: 0,
            }),
        }
    }

    /// The timecode of frame `frame` (counting from 0 at the first frame): `"HH:MM:SS:FF"`, or
    /// `"HH:MM:SS;FF"` drop-frame. Wraps at 24 hours, as timecode does.
    pub fn at(&self, frame: u64) -> String {
        let base = self.base;
        let mut n = self.start + frame;
        let sep = if self.drop { ';' } else { ':' };
        if self.drop {
            // Put back the numbers drop-frame skips: `skipped` at the start of every minute
            // but each tenth.
            let skipped = base / 15;
            let per_ten = base * 600 - skipped * 9;
            let per_minute = base * 60 - skipped;
            let (tens, rest) = (n / per_ten, n % per_ten);
            n += skipped * 9 * tens;
            if rest >= skipped {
                n += skipped * ((rest - skipped) / per_minute);
            }
        }
        let f = n % base;
        let secs = n / base;
        let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
        format!("{h:02}:{m:02}:{s:02}{sep}{f:02}")
    }
}

/// Seconds from the start of the day at which a BWF file starts: its `time_reference` (samples
/// since midnight) over its sample rate.
pub fn bwf_seconds(time_reference: u64, sample_rate: u64) -> Option<f64> {
    (sample_rate > 0).then(|| time_reference as f64 / sample_rate as f64)
}

/// `"HH:MM:SS.mmm"`, the start of a sound file as a clock time to the millisecond. Sound has no
/// frames, so it is not written as SMPTE: a frame count would need a frame rate the file does
/// not have.
pub fn clock_text(time_reference: u64, sample_rate: u64) -> Option<String> {
    if sample_rate == 0 {
        return None;
    }
    let ms =
        (u128::from(time_reference) * 1000 + u128::from(sample_rate) / 2) / u128::from(sample_rate);
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    Some(format!("{h:02}:{m:02}:{s:02}.{ms:03}"))
}

/// `"24000/1001"` (or `"25"`) as a positive numerator and denominator.
pub fn rational(rate: &str) -> Option<(u64, u64)> {
    let (n, d) = rate.trim().split_once('/').unwrap_or((rate.trim(), "1"));
    let (n, d): (u64, u64) = (n.trim().parse().ok()?, d.trim().parse().ok()?);
    (n > 0 && d > 0).then_some((n, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn non_drop_timecode_counts_frames_at_the_real_rate() {
        assert!(close(timecode_seconds("01:00:00:00", "25/1"), 3600.0));
        assert!(close(timecode_seconds("10:00:00:12", "25/1"), 36000.48));
        // 86400 frames of 1001/24000 s each.
        assert!(close(timecode_seconds("01:00:00:00", "24000/1001"), 3603.6));
        assert!(close(timecode_seconds("00:00:00:00", "24"), 0.0));
    }

    #[test]
    fn drop_frame_timecode_skips_the_dropped_numbers() {
        // 00:01:00;02 is the frame right after 00:00:59;29.
        assert_eq!(timecode_frames("00:00:59;29", 30), Some(1799));
        assert_eq!(timecode_frames("00:01:00;02", 30), Some(1800));
        // Ten minutes of 29.97 drop-frame is 17982 frames; one hour 107892.
        assert_eq!(timecode_frames("00:10:00;00", 30), Some(17982));
        assert_eq!(timecode_frames("01:00:00;00", 30), Some(107_892));
        assert_eq!(timecode_frames("00:59:59;28", 30), Some(107_890));
        assert_eq!(timecode_frames("00:01:00;04", 60), Some(3600));
        // An hour of drop-frame timecode is an hour of real time, to 3.6 ms.
        let hour = timecode_seconds("01:00:00;00", "30000/1001").unwrap();
        assert!((hour - 3600.0).abs() < 0.004, "{hour}");
    }

    #[test]
    fn frames_count_back_into_timecode() {
        let pal = TimecodeClock::new("25/1", Some("10:00:00:00")).unwrap();
        assert_eq!(pal.at(0), "10:00:00:00");
        assert_eq!(pal.at(37), "10:00:01:12");
        let film = TimecodeClock::new("24000/1001", Some("01:00:00:00")).unwrap();
        assert!(!film.drop);
        assert_eq!(film.at(24 * 60), "01:01:00:00");
        let none = TimecodeClock::new("25", None).unwrap();
        assert_eq!(none.at(25 * 3600 * 24 + 1), "00:00:00:01");
    }

    #[test]
    fn drop_frame_counts_back_round_the_skipped_numbers() {
        let df = TimecodeClock::new("30000/1001", Some("00:00:00;00")).unwrap();
        assert!(df.drop);
        for (frame, tc) in [
            (1799, "00:00:59;29"),
            (1800, "00:01:00;02"),
            (17_982, "00:10:00;00"),
            (107_890, "00:59:59;28"),
            (107_892, "01:00:00;00"),
        ] {
            assert_eq!(df.at(frame), tc, "{frame}");
            assert_eq!(timecode_frames(tc, 30), Some(frame));
        }
        // From a drop-frame start, and with none at 29.97.
        let late = TimecodeClock::new("30000/1001", Some("01:00:00;00")).unwrap();
        assert_eq!(late.at(1800), "01:01:00;02");
        assert!(TimecodeClock::new("30000/1001", None).unwrap().drop);
        assert!(
            !TimecodeClock::new("30000/1001", Some("01:00:00:00"))
                .unwrap()
                .drop
        );
        assert_eq!(TimecodeClock::new("0/1", None), None);
        assert_eq!(TimecodeClock::new("25", Some("01:00:00;00")), None);
    }

    #[test]
    fn timecodes_that_do_not_fit_the_rate_are_none() {
        for (tc, rate) in [
            ("01:00:00:25", "25/1"),
            ("01:00:60:00", "25/1"),
            ("01:00:00;00", "25/1"),
            ("01:00:00", "25/1"),
            ("1:00:00:00:00", "25/1"),
            ("aa:00:00:00", "25/1"),
            ("01:00:00:00", "0/0"),
            ("", "25/1"),
        ] {
            assert_eq!(timecode_seconds(tc, rate), None, "{tc} at {rate}");
        }
    }

    #[test]
    fn bwf_time_reference_is_samples_since_midnight() {
        assert_eq!(bwf_seconds(172_800_000, 48_000), Some(3600.0));
        assert_eq!(bwf_seconds(1, 0), None);
        assert_eq!(
            clock_text(172_800_000, 48_000).as_deref(),
            Some("01:00:00.000")
        );
        // 599 samples are 12.48 ms: rounded to the nearest millisecond.
        assert_eq!(
            clock_text(36_000 * 48_000 + 599, 48_000).as_deref(),
            Some("10:00:00.012")
        );
        assert_eq!(clock_text(0, 96_000).as_deref(), Some("00:00:00.000"));
    }
}
