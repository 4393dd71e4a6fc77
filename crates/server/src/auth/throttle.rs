//! Slowing down and locking out password guessing on the sign-in page.
//!
//! Failures are counted per account (the email typed, whether or not it exists, so a lock does
//! not reveal which accounts do) and per client address. Each failure makes the answer wait a
//! little longer; after `max_failures` in a row the key is locked for `lockout`, during which no
//! password is even checked. The counters live in memory: a restart forgets them, which costs
//! an attacker a restart they cannot cause, and keeps a sign-in free of database writes.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use crate::config::LoginLimits;

/// The longest a single failed attempt is held, however many failures came before.
const MAX_DELAY: Duration = Duration::from_secs(5);
/// Keys are forgotten once this long has passed since their last failure and no lock holds.
const FORGET_AFTER: Duration = Duration::from_secs(3600);
/// Bounds memory under a flood of distinct emails; old entries are pruned beyond it.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last_failure: Instant,
    locked_until: Option<Instant>,
}

/// The failure counters of one server.
#[derive(Debug)]
pub struct LoginThrottle {
    limits: LoginLimits,
    entries: Mutex<HashMap<String, Entry>>,
}

/// What a sign-in attempt may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Check the password.
    Open,
    /// Locked; try again after this long.
    Locked(Duration),
}

impl LoginThrottle {
    /// Counters that apply `limits`.
    pub fn new(limits: LoginLimits) -> Self {
        Self {
            limits,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn keys(email: &str, addr: Option<IpAddr>) -> Vec<String> {
        let mut keys = vec![format!("account:{email}")];
        if let Some(addr) = addr {
            keys.push(format!("address:{addr}"));
        }
        keys
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves plain counters behind, still usable.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether an attempt for `email` from `addr` may be checked now.
    pub fn gate(&self, email: &str, addr: Option<IpAddr>) -> Gate {
        let now = Instant::now();
        let entries = self.lock();
        let wait = Self::keys(email, addr)
            .iter()
            .filter_map(|k| entries.get(k)?.locked_until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max();
        wait.map_or(Gate::Open, Gate::Locked)
    }

    /// Records a failure; returns how long to hold the answer.
    pub fn failed(&self, email: &str, addr: Option<IpAddr>) -> Duration {
        let now = Instant::now();
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| {
                e.locked_until.is_some_and(|u| u > now) || now - e.last_failure < FORGET_AFTER
            });
        }
        let mut most = 0;
        for key in Self::keys(email, addr) {
            let entry = entries.entry(key).or_insert(Entry {
                failures: 0,
                last_failure: now,
                locked_until: None,
            });
            let lock_over = entry.locked_until.is_some_and(|u| u <= now);
            if lock_over || now - entry.last_failure >= FORGET_AFTER {
                entry.failures = 0;
                entry.locked_until = None;
            }
            entry.failures += 1;
            entry.last_failure = now;
            if entry.failures >= self.limits.max_failures {
                entry.locked_until = Some(now + self.limits.lockout);
                tracing::warn!(
                    failures = entry.failures,
                    "sign-in locked after repeated failures"
                );
            }
            most = most.max(entry.failures);
        }
        self.limits
            .failure_delay
            .saturating_mul(most)
            .min(MAX_DELAY)
    }

    /// Forgets the account's failures after a successful sign-in. The address keeps its count:
    /// one right password must not reset guessing against other accounts.
    pub fn succeeded(&self, email: &str) {
        self.lock().remove(&format!("account:{email}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> LoginLimits {
        LoginLimits {
            max_failures: 3,
            lockout: Duration::from_secs(60),
            failure_delay: Duration::from_millis(10),
        }
    }

    #[test]
    fn failures_slow_down_then_lock() {
        let t = LoginThrottle::new(limits());
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        assert_eq!(t.failed("a@x", addr), Duration::from_millis(10));
        assert_eq!(t.failed("a@x", addr), Duration::from_millis(20));
        assert_eq!(t.gate("a@x", addr), Gate::Open);
        t.failed("a@x", addr);
        assert!(matches!(t.gate("a@x", addr), Gate::Locked(_)));
        // The address is locked for other accounts too, the account from other addresses.
        assert!(matches!(t.gate("b@x", addr), Gate::Locked(_)));
        assert!(matches!(t.gate("a@x", None), Gate::Locked(_)));
        assert_eq!(t.gate("b@x", Some(IpAddr::from([10, 0, 0, 2]))), Gate::Open);
    }

    #[test]
    fn success_resets_the_account_only() {
        let t = LoginThrottle::new(limits());
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        t.failed("a@x", addr);
        t.failed("a@x", addr);
        t.succeeded("a@x");
        assert_eq!(t.failed("a@x", None), Duration::from_millis(10));
        assert_eq!(t.failed("c@x", addr), Duration::from_millis(30));
    }

    #[test]
    fn delay_is_capped() {
        let mut l = limits();
        l.max_failures = 1000;
        l.failure_delay = Duration::from_secs(2);
        let t = LoginThrottle::new(l);
        for _ in 0..10 {
            assert!(t.failed("a@x", None) <= MAX_DELAY);
        }
    }
}
