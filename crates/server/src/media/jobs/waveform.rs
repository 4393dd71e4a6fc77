//! The waveform job: min/max peaks of a file's sound for the timeline, as a small JSON in the
//! format of audiowaveform (BBC), which waveform players read:
//! `{"version":2,"channels":1,"sample_rate":8000,"samples_per_pixel":N,"bits":8,"length":L,
//! "data":[min0,max0,min1,max1,…]}`.
//!
//! ffmpeg decodes every stream, mixes them to one channel (see [`mix`]) at 8 kHz — plenty for a
//! picture of loudness — and streams 16-bit samples here; peaks are taken as they pass, so an
//! hour of sound needs a few kilobytes of memory.

use std::time::Duration;

use serde::Serialize;

use super::mix::{self, Fold};
use super::progress::{supervise, Output};
use super::worker::{Ended, Job, Made};
use crate::media::confine::Limits;

/// Samples per second of the mix the peaks are taken from.
const RATE: u32 = 8000;
/// At most this many buckets however long the sound: enough for a timeline on a wide screen.
const MAX_BUCKETS: u64 = 4000;
/// At least this many samples per bucket (10 ms), so a short clip is not a forest of spikes.
const MIN_SAMPLES_PER_BUCKET: u64 = 80;
/// Decoding sound is fast; a fixed allowance plus a little per second of source.
const WALL_BASE: Duration = Duration::from_secs(120);
const WALL_PER_SECOND: f64 = 2.0;

pub(super) async fn run(job: &Job<'_>) -> Result<Made, Ended> {
    let facts = job.facts().await?;
    let duration = facts.duration.unwrap_or(0.0).max(0.0);
    let streams = mix::audio_streams(job).await?;
    let Some(graph) = mix::graph(&streams, Fold::Mono) else {
        return Err(Ended::failed("no sound to draw"));
    };
    let limits = Limits {
        cpu_seconds: 120 + (duration * 10.0) as u64,
        low_priority: true,
        work_dir: None,
    };
    let mut cmd = job.how.tool_with(
        &job.tools.ffmpeg,
        &["-v", "error", "-nostdin"],
        Some("-i"),
        &job.source,
        &limits,
    );
    cmd.args(["-filter_complex", &graph, "-map", "[a]"]);
    cmd.args([
        "-ar",
        &RATE.to_string(),
        "-f",
        "s16le",
        "-c:a",
        "pcm_s16le",
        "pipe:1",
    ]);
    let expected = (duration * f64::from(RATE)) as u64;
    let mut peaks = Peaks::new(samples_per_bucket(expected), expected);
    let limit = WALL_BASE + Duration::from_secs_f64(duration * WALL_PER_SECOND);
    supervise(job, cmd, limit, &mut peaks).await?;
    let json = serde_json::to_vec(&peaks.finish()).map_err(Ended::failed)?;
    let key = job
        .store
        .put_small(job.row.file_id, ".json", json)
        .await
        .map_err(Ended::failed)?;
    Ok(Made {
        output: Some(key),
        then: Vec::new(),
    })
}

fn samples_per_bucket(expected_samples: u64) -> u64 {
    expected_samples
        .div_ceil(MAX_BUCKETS)
        .max(MIN_SAMPLES_PER_BUCKET)
}

/// The JSON written (audiowaveform's format, version 2).
#[derive(Debug, Serialize)]
struct Waveform {
    version: u8,
    channels: u8,
    sample_rate: u32,
    samples_per_pixel: u64,
    bits: u8,
    length: usize,
    data: Vec<i8>,
}

/// Peaks taken from little-endian 16-bit samples as they arrive.
#[derive(Debug)]
struct Peaks {
    per_bucket: u64,
    expected: u64,
    seen: u64,
    in_bucket: u64,
    min: i16,
    max: i16,
    /// An odd byte left over from the last read.
    carry: Option<u8>,
    data: Vec<i8>,
}

impl Peaks {
    fn new(per_bucket: u64, expected: u64) -> Self {
        Self {
            per_bucket,
            expected,
            seen: 0,
            in_bucket: 0,
            min: i16::MAX,
            max: i16::MIN,
            carry: None,
            data: Vec::new(),
        }
    }

    fn sample(&mut self, s: i16) {
        self.min = self.min.min(s);
        self.max = self.max.max(s);
        self.in_bucket += 1;
        self.seen += 1;
        if self.in_bucket == self.per_bucket {
            self.close_bucket();
        }
    }

    fn close_bucket(&mut self) {
        // 8 bits per value: the high byte of the sample.
        self.data.push((self.min >> 8) as i8);
        self.data.push((self.max >> 8) as i8);
        self.in_bucket = 0;
        self.min = i16::MAX;
        self.max = i16::MIN;
    }

    fn finish(mut self) -> Waveform {
        if self.in_bucket > 0 {
            self.close_bucket();
        }
        Waveform {
            version: 2,
            channels: 1,
            sample_rate: RATE,
            samples_per_pixel: self.per_bucket,
            bits: 8,
            length: self.data.len() / 2,
            data: self.data,
        }
    }
}

impl Output for Peaks {
    fn take(&mut self, bytes: &[u8]) {
        let mut bytes = bytes;
        if let (Some(low), Some((&high, rest))) = (self.carry, bytes.split_first()) {
            self.sample(i16::from_le_bytes([low, high]));
            self.carry = None;
            bytes = rest;
        }
        let mut pairs = bytes.chunks_exact(2);
        for pair in &mut pairs {
            self.sample(i16::from_le_bytes([pair[0], pair[1]]));
        }
        self.carry = pairs.remainder().first().copied();
    }

    fn percent(&self) -> u8 {
        if self.expected == 0 {
            return 0;
        }
        ((self.seen * 100) / self.expected).min(99) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_are_min_and_max_per_bucket_across_odd_reads() {
        let samples: Vec<i16> = vec![0, 1000, -2000, 300, 32767, -32768, 5, 6];
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut peaks = Peaks::new(3, 8);
        peaks.take(&bytes[..5]);
        peaks.take(&bytes[5..]);
        assert_eq!(peaks.percent(), 99);
        let w = peaks.finish();
        assert_eq!(w.length, 3);
        // Buckets [0, 1000, -2000], [300, 32767, -32768], [5, 6].
        assert_eq!(w.data, vec![-8, 3, -128, 127, 0, 0]);
    }

    #[test]
    fn long_sound_gets_at_most_the_bucket_count() {
        assert_eq!(samples_per_bucket(0), MIN_SAMPLES_PER_BUCKET);
        assert_eq!(samples_per_bucket(3 * 8000), MIN_SAMPLES_PER_BUCKET);
        let hour: u64 = 3600 * 8000;
        assert_eq!(hour.div_ceil(samples_per_bucket(hour)), MAX_BUCKETS);
    }
}
