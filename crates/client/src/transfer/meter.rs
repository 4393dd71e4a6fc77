//! Progress of one transfer: bytes done, the rate they move at and the time left.
//!
//! Workers only add to an atomic counter; the engine's ticker samples it ten times a second and
//! turns it into events, so progress costs the hot path one atomic add per read.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The rate is the bytes moved over about this long. Bytes arrive in steps (a request body is
/// read 256 KiB at a time, and the bandwidth limit lets each read through whole), so a rate
/// over one tick, or an average of such rates, is a burst: progress is only reported on ticks
/// where bytes moved, and those are the ticks just after a step. Over several seconds the
/// steps even out and the rate is what the limit allows.
const WINDOW: Duration = Duration::from_secs(3);

#[derive(Debug)]
pub struct Meter {
    done: AtomicU64,
    /// The count was set outright: the next reading starts a new window.
    rebased: AtomicBool,
    /// Readings (when, bytes done) over the last `WINDOW`, oldest first.
    samples: Mutex<VecDeque<(Instant, u64)>>,
}

/// One reading of a meter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub done: u64,
    pub rate: u64,
    /// True when `done` moved since the last reading.
    pub moved: bool,
}

impl Meter {
    pub fn new(done: u64) -> Self {
        Self {
            done: AtomicU64::new(done),
            rebased: AtomicBool::new(false),
            samples: Mutex::new(VecDeque::from([(Instant::now(), done)])),
        }
    }

    pub fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Takes back bytes that were sent but not kept (a chunk that broke off).
    pub fn sub(&self, n: u64) {
        let _ = self
            .done
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |d| {
                Some(d.saturating_sub(n))
            });
    }

    /// Sets the count outright: a resumed transfer starts at what the far end confirmed, and a
    /// failed chunk goes back to it.
    pub fn set(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
        self.rebased.store(true, Ordering::Relaxed);
    }

    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Samples the counter: the rate is the bytes moved over the last `WINDOW`.
    pub fn read(&self) -> Reading {
        self.read_at(Instant::now())
    }

    fn read_at(&self, now: Instant) -> Reading {
        let done = self.done();
        let mut samples = match self.samples.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        let last = samples.back().map_or(done, |&(_, d)| d);
        let moved = done != last;
        if self.rebased.swap(false, Ordering::Relaxed) || done < last {
            // A jump (a resume from what the far end confirmed, a chunk taken back) is not
            // bytes moving: measure from here.
            samples.clear();
        }
        samples.push_back((now, done));
        // The window starts at the newest sample at least `WINDOW` old (or the oldest there is).
        while samples.len() > 2
            && samples
                .get(1)
                .is_some_and(|&(at, _)| now.saturating_duration_since(at) >= WINDOW)
        {
            samples.pop_front();
        }
        let rate = samples.front().map_or(0.0, |&(at, from)| {
            let secs = now.saturating_duration_since(at).as_secs_f64();
            if secs > 0.0 {
                done.saturating_sub(from) as f64 / secs
            } else {
                0.0
            }
        });
        Reading {
            done,
            rate: rate as u64,
            moved,
        }
    }
}

/// Seconds left for `remaining` bytes at `rate`.
pub fn eta(remaining: u64, rate: u64) -> Option<u64> {
    (rate > 0).then(|| remaining.div_ceil(rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_say_whether_bytes_moved() {
        let m = Meter::new(10);
        assert!(!m.read().moved);
        m.add(5);
        let r = m.read();
        assert_eq!((r.done, r.moved), (15, true));
        assert!(!m.read().moved);
    }

    /// Bytes as a 1 MB/s limit lets them through: 256 KiB at a time, every 0.262 s.
    fn limited(m: &Meter, start: Instant, ticks: u32) -> Vec<Reading> {
        let chunk = 262_144u64;
        let period = Duration::from_secs_f64(chunk as f64 / 1_000_000.0);
        let mut next = start + period;
        let mut readings = Vec::new();
        for i in 1..=ticks {
            let now = start + Duration::from_millis(100) * i;
            while next <= now {
                m.add(chunk);
                next += period;
            }
            readings.push(m.read_at(now));
        }
        readings
    }

    #[test]
    fn the_rate_is_what_moved_over_the_window_not_the_last_burst() {
        let m = Meter::new(0);
        let start = Instant::now();
        let readings = limited(&m, start, 200);
        // Progress is reported on the ticks where bytes moved: each of those says ~1 MB/s
        // (an average of per-tick rates said 1.2-1.4 MB/s there, under a 1 MB/s limit).
        for r in readings.iter().skip(35).filter(|r| r.moved) {
            assert!(
                (950_000..=1_100_000).contains(&r.rate),
                "rate {} under a 1 MB/s limit",
                r.rate
            );
        }
    }

    #[test]
    fn a_count_set_outright_is_not_movement() {
        let m = Meter::new(0);
        let start = Instant::now();
        limited(&m, start, 40);
        // A resume starts from the far end's offset, far from where the count was.
        m.set(50_000_000);
        let after = start + Duration::from_millis(4_100);
        let r = m.read_at(after);
        assert_eq!((r.done, r.moved, r.rate), (50_000_000, true, 0));
        m.add(100_000);
        let r = m.read_at(after + Duration::from_millis(100));
        assert!((999_000..=1_001_000).contains(&r.rate), "rate {}", r.rate);
        // Bytes taken back (a chunk that broke off) start a new window too.
        m.sub(300_000);
        let r = m.read_at(after + Duration::from_millis(200));
        assert_eq!(r.rate, 0);
    }

    #[test]
    fn eta_needs_a_rate() {
        assert_eq!(eta(100, 0), None);
        assert_eq!(eta(100, 30), Some(4));
    }
}
