//! Progress of one transfer: bytes done, a smoothed rate and the time left.
//!
//! Workers only add to an atomic counter; the engine's ticker samples it ten times a second and
//! turns it into events, so progress costs the hot path one atomic add per read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Weight of the newest sample in the smoothed rate.
const SMOOTHING: f64 = 0.3;

#[derive(Debug)]
pub struct Meter {
    done: AtomicU64,
    sample: Mutex<Sample>,
}

#[derive(Debug)]
struct Sample {
    at: Instant,
    done: u64,
    rate: f64,
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
            sample: Mutex::new(Sample {
                at: Instant::now(),
                done,
                rate: 0.0,
            }),
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
    }

    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Samples the counter and updates the smoothed rate.
    pub fn read(&self) -> Reading {
        let done = self.done();
        let mut s = match self.sample.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        let now = Instant::now();
        let secs = now.duration_since(s.at).as_secs_f64();
        let moved = done != s.done;
        if secs > 0.0 {
            let instant = done.saturating_sub(s.done) as f64 / secs;
            s.rate = if s.rate == 0.0 {
                instant
            } else {
                SMOOTHING * instant + (1.0 - SMOOTHING) * s.rate
            };
        }
        s.at = now;
        s.done = done;
        Reading {
            done,
            rate: s.rate as u64,
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

    #[test]
    fn eta_needs_a_rate() {
        assert_eq!(eta(100, 0), None);
        assert_eq!(eta(100, 30), Some(4));
    }
}
