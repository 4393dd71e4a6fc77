//! The global bandwidth limit: one token bucket shared by every transfer, changeable while
//! they run.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How much unused allowance may pile up, in seconds of the rate: enough to smooth the gaps
/// between reads, not enough for a visible burst after an idle moment.
const BURST_SECS: f64 = 0.25;

/// Shares a rate (bytes per second) between all callers of [`Limiter::take`].
#[derive(Debug)]
pub struct Limiter {
    /// Bytes per second; 0 for no limit.
    rate: AtomicU64,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    /// Allowance in bytes; negative when callers have reserved ahead and are sleeping it off.
    available: f64,
    last: Instant,
}

impl Limiter {
    pub fn new(rate: Option<u64>) -> Self {
        Self {
            rate: AtomicU64::new(rate.unwrap_or(0)),
            bucket: Mutex::new(Bucket {
                available: 0.0,
                last: Instant::now(),
            }),
        }
    }

    /// Changes the rate; `None` lifts the limit. Takes effect for the next bytes.
    pub fn set_rate(&self, rate: Option<u64>) {
        self.rate.store(rate.unwrap_or(0), Ordering::Relaxed);
    }

    pub fn rate(&self) -> Option<u64> {
        match self.rate.load(Ordering::Relaxed) {
            0 => None,
            r => Some(r),
        }
    }

    /// Waits until `n` more bytes may move. Callers reserve their bytes at once and sleep off
    /// any deficit, so the long-run rate holds however many transfers share it.
    pub async fn take(&self, n: usize) {
        let wait = self.reserve(n);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    fn reserve(&self, n: usize) -> Duration {
        let rate = self.rate.load(Ordering::Relaxed);
        if rate == 0 {
            return Duration::ZERO;
        }
        let rate = rate as f64;
        let mut b = match self.bucket.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        let now = Instant::now();
        let elapsed = now.duration_since(b.last).as_secs_f64();
        b.last = now;
        b.available = (b.available + elapsed * rate).min(rate * BURST_SECS);
        b.available -= n as f64;
        if b.available >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-b.available / rate)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_rate_nothing_waits() {
        let l = Limiter::new(None);
        assert_eq!(l.reserve(1 << 30), Duration::ZERO);
    }

    #[test]
    fn reservations_past_the_allowance_wait_in_proportion() {
        let l = Limiter::new(Some(1_000_000));
        let first = l.reserve(1_000_000);
        let second = l.reserve(1_000_000);
        assert!(first > Duration::from_millis(900), "{first:?}");
        assert!(second > Duration::from_millis(1900), "{second:?}");
        l.set_rate(None);
        assert_eq!(l.reserve(1 << 30), Duration::ZERO);
    }
}
