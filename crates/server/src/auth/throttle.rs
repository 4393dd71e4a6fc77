//! Slowing down and locking out password guessing on the sign-in page.
//!
//! Failures are counted per account (the email typed, whether or not it exists, so a lock does
//! not reveal which accounts do) and per client address. Each failure makes the answer wait a
//! little longer; after `max_failures` in a row the key is locked for `lockout`, during which no
//! password is even checked. The counters live in memory: a restart forgets them, which costs
//! an attacker a restart they cannot cause, and keeps a sign-in free of database writes.
//!
//! An attempt is admitted before its password is checked, and counts against the keys while it
//! is being judged: a key admits another attempt only while its failures plus the attempts in
//! flight stay below `max_failures`. Otherwise a burst of guesses sent at once would all pass
//! the lock check before the first failure was recorded, and every one would be judged.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use crate::config::LoginLimits;

/// The longest a single failed attempt is held, however many failures came before. Also the
/// wait suggested to an attempt turned away because others are still being judged.
const MAX_DELAY: Duration = Duration::from_secs(5);
/// Keys are forgotten once this long has passed since their last failure and no lock holds.
const FORGET_AFTER: Duration = Duration::from_secs(3600);
/// Bounds memory under a flood of distinct emails; old entries are pruned beyond it.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    /// Admitted attempts whose outcome is not known yet.
    in_flight: u32,
    last_failure: Instant,
    locked_until: Option<Instant>,
}

impl Entry {
    fn new(now: Instant) -> Self {
        Self {
            failures: 0,
            in_flight: 0,
            last_failure: now,
            locked_until: None,
        }
    }

    /// Starts over once a lock has run out or the last failure is long past.
    fn expire(&mut self, now: Instant) {
        let lock_over = self.locked_until.is_some_and(|u| u <= now);
        if lock_over || now - self.last_failure >= FORGET_AFTER {
            self.failures = 0;
            self.locked_until = None;
        }
    }

    fn keep(&self, now: Instant) -> bool {
        self.in_flight > 0
            || self.locked_until.is_some_and(|u| u > now)
            || now - self.last_failure < FORGET_AFTER
    }
}

/// The failure counters of one server.
#[derive(Debug)]
pub struct LoginThrottle {
    limits: LoginLimits,
    entries: Mutex<HashMap<String, Entry>>,
}

/// A sign-in attempt that may be judged. It counts as in flight until [`Attempt::failed`] or
/// [`Attempt::succeeded`] says how it ended; dropped without either (the request was cancelled
/// or failed on our side) it is simply released.
#[derive(Debug)]
#[must_use = "an attempt holds its place until it is judged or dropped"]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    email: String,
    keys: Vec<String>,
    open: bool,
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
        let mut keys = vec![account_key(email)];
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

    /// Admits an attempt for `email` from `addr`, reserving its place on both keys; or says how
    /// long to wait when a key is locked or already has as many attempts in flight as it may
    /// still fail.
    pub fn admit(&self, email: &str, addr: Option<IpAddr>) -> Result<Attempt<'_>, Duration> {
        let now = Instant::now();
        let keys = Self::keys(email, addr);
        let mut entries = self.lock();
        let mut wait: Option<Duration> = None;
        for key in &keys {
            let Some(entry) = entries.get_mut(key) else {
                continue;
            };
            entry.expire(now);
            let blocked = match entry.locked_until {
                Some(until) if until > now => Some(until - now),
                _ if entry.failures + entry.in_flight >= self.limits.max_failures => {
                    Some(MAX_DELAY)
                }
                _ => None,
            };
            wait = wait.max(blocked);
        }
        if let Some(wait) = wait {
            return Err(wait);
        }
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.keep(now));
        }
        for key in &keys {
            entries
                .entry(key.clone())
                .or_insert_with(|| Entry::new(now))
                .in_flight += 1;
        }
        Ok(Attempt {
            throttle: self,
            email: email.to_owned(),
            keys,
            open: true,
        })
    }

    /// Ends an attempt's reservation; with `failed`, records the failure as well. Returns how
    /// long to hold the answer.
    fn settle(&self, keys: &[String], failed: bool) -> Duration {
        let now = Instant::now();
        let mut entries = self.lock();
        let mut most = 0;
        for key in keys {
            let entry = entries
                .entry(key.clone())
                .or_insert_with(|| Entry::new(now));
            entry.in_flight = entry.in_flight.saturating_sub(1);
            if !failed {
                continue;
            }
            entry.expire(now);
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
}

fn account_key(email: &str) -> String {
    format!("account:{email}")
}

impl Attempt<'_> {
    /// The password was wrong: counts a failure on both keys; returns how long to hold the
    /// answer.
    pub fn failed(mut self) -> Duration {
        self.open = false;
        self.throttle.settle(&self.keys, true)
    }

    /// The password was right: forgets the account's failures. The address keeps its count:
    /// one right password must not reset guessing against other accounts.
    pub fn succeeded(mut self) {
        self.open = false;
        self.throttle.settle(&self.keys, false);
        let now = Instant::now();
        let mut entries = self.throttle.lock();
        if let Some(entry) = entries.get_mut(&account_key(&self.email)) {
            entry.failures = 0;
            entry.locked_until = None;
            if entry.in_flight == 0 {
                entries.remove(&account_key(&self.email));
            } else {
                entry.last_failure = now;
            }
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if self.open {
            self.throttle.settle(&self.keys, false);
        }
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

    fn fail(t: &LoginThrottle, email: &str, addr: Option<IpAddr>) -> Duration {
        t.admit(email, addr).expect("admitted").failed()
    }

    #[test]
    fn failures_slow_down_then_lock() {
        let t = LoginThrottle::new(limits());
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        assert_eq!(fail(&t, "a@x", addr), Duration::from_millis(10));
        assert_eq!(fail(&t, "a@x", addr), Duration::from_millis(20));
        assert!(t.admit("a@x", addr).is_ok());
        fail(&t, "a@x", addr);
        assert!(t.admit("a@x", addr).is_err());
        // The address is locked for other accounts too, the account from other addresses.
        assert!(t.admit("b@x", addr).is_err());
        assert!(t.admit("a@x", None).is_err());
        assert!(t.admit("b@x", Some(IpAddr::from([10, 0, 0, 2]))).is_ok());
    }

    #[test]
    fn attempts_in_flight_count_against_the_limit() {
        let t = LoginThrottle::new(limits());
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        let held: Vec<_> = (0..3).map(|_| t.admit("a@x", addr).unwrap()).collect();
        assert!(t.admit("a@x", None).is_err(), "the account is full");
        assert!(t.admit("b@x", addr).is_err(), "the address is full");
        // Dropped unjudged: the places are free again and nothing was counted.
        drop(held);
        assert_eq!(fail(&t, "a@x", addr), Duration::from_millis(10));
    }

    #[test]
    fn success_resets_the_account_only() {
        let t = LoginThrottle::new(limits());
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        fail(&t, "a@x", addr);
        fail(&t, "a@x", addr);
        t.admit("a@x", None).unwrap().succeeded();
        assert_eq!(fail(&t, "a@x", None), Duration::from_millis(10));
        // The address kept its two failures: the next one anywhere is its third, and locks it.
        assert_eq!(fail(&t, "c@x", addr), Duration::from_millis(30));
        assert!(t.admit("d@x", addr).is_err());
    }

    #[test]
    fn delay_is_capped() {
        let mut l = limits();
        l.max_failures = 1000;
        l.failure_delay = Duration::from_secs(2);
        let t = LoginThrottle::new(l);
        for _ in 0..10 {
            assert!(fail(&t, "a@x", None) <= MAX_DELAY);
        }
    }
}
