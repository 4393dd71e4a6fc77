//! Slowing down and locking out password guessing on the sign-in page.
//!
//! Failures are counted per account (the email typed, whether or not it exists, so a lock does
//! not reveal which accounts do) and per client address. Each failure makes the answer wait a
//! little longer; after `max_failures` in a row the key is locked for `lockout`, during which no
//! password is even checked. Failures and locks are kept in the database (`login_failures`), so
//! every server instance on it counts the same failures and honours the same locks, and a
//! restart forgets nothing. A sign-in reads them once; a failure is one write, a success one
//! delete — next to the argon2 verification every attempt costs, they do not show.
//!
//! An attempt is admitted before its password is checked, and counts against the keys while it
//! is being judged: a key admits another attempt only while its failures plus the attempts in
//! flight stay below `max_failures`. Otherwise a burst of guesses sent at once would all pass
//! the lock check before the first failure was recorded, and every one would be judged. The
//! attempts in flight are the one thing kept in memory (an attempt lives for one request): a
//! burst spread over several instances is bounded per instance, and each failure still counts
//! for all.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

pub use crate::config::LoginLimits;
use crate::db::login_failures::{self, FailureRow};
use crate::db::time::now_ms;
use crate::db::Pool;

/// The longest a single failed attempt is held, however many failures came before. Also the
/// wait suggested to an attempt turned away because others are still being judged.
const MAX_DELAY: Duration = Duration::from_secs(5);
/// Failures start over once this long has passed since the last one and no lock holds.
const FORGET_AFTER: Duration = Duration::from_secs(3600);

/// The failure counters of one kind of password (sign-in, review links).
#[derive(Debug)]
pub struct LoginThrottle {
    limits: LoginLimits,
    /// Prefixes the keys in the database, so the kinds never share a counter.
    scope: &'static str,
    pool: Pool,
    /// Admitted attempts whose outcome is not known yet, per key.
    in_flight: Mutex<HashMap<String, u32>>,
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

/// How a stored row reads at `now`: its failures and lock, or nothing once they are over.
fn live(row: &FailureRow, now: i64) -> (i64, Option<i64>) {
    let lock_over = row.locked_until.is_some_and(|u| u <= now);
    if lock_over || now - row.last_failure >= millis(FORGET_AFTER) {
        (0, None)
    } else {
        (row.failures, row.locked_until)
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl LoginThrottle {
    /// Counters that apply `limits`, kept in `pool`'s database under `scope`.
    pub fn new(limits: LoginLimits, scope: &'static str, pool: Pool) -> Self {
        Self {
            limits,
            scope,
            pool,
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    fn keys(&self, email: &str, addr: Option<IpAddr>) -> Vec<String> {
        let mut keys = vec![self.account_key(email)];
        if let Some(addr) = addr {
            keys.push(format!("{}:address:{addr}", self.scope));
        }
        keys
    }

    fn account_key(&self, email: &str) -> String {
        format!("{}:account:{email}", self.scope)
    }

    fn flight(&self) -> std::sync::MutexGuard<'_, HashMap<String, u32>> {
        // A panic while holding the lock leaves plain counters behind, still usable.
        self.in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Admits an attempt for `email` from `addr`, reserving its place on both keys; or says how
    /// long to wait (`Ok(Err(wait))`) when a key is locked or already has as many attempts in
    /// flight as it may still fail.
    pub async fn admit(
        &self,
        email: &str,
        addr: Option<IpAddr>,
    ) -> Result<Result<Attempt<'_>, Duration>, sqlx::Error> {
        let keys = self.keys(email, addr);
        let rows = login_failures::of_keys(&self.pool, &keys).await?;
        let now = now_ms();
        let max = i64::from(self.limits.max_failures);
        let mut flight = self.flight();
        let mut wait: Option<Duration> = None;
        for key in &keys {
            let (failures, locked_until) = rows
                .iter()
                .find(|r| &r.key == key)
                .map_or((0, None), |r| live(r, now));
            let in_flight = i64::from(flight.get(key).copied().unwrap_or(0));
            let blocked = match locked_until {
                Some(until) if until > now => Some(Duration::from_millis(
                    u64::try_from(until - now).unwrap_or(u64::MAX),
                )),
                _ if failures + in_flight >= max => Some(MAX_DELAY),
                _ => None,
            };
            wait = wait.max(blocked);
        }
        if let Some(wait) = wait {
            return Ok(Err(wait));
        }
        for key in &keys {
            *flight.entry(key.clone()).or_insert(0) += 1;
        }
        Ok(Ok(Attempt {
            throttle: self,
            email: email.to_owned(),
            keys,
            open: true,
        }))
    }

    /// Ends an attempt's reservation.
    fn release(&self, keys: &[String]) {
        let mut flight = self.flight();
        for key in keys {
            if let Some(n) = flight.get_mut(key) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    flight.remove(key);
                }
            }
        }
    }

    /// Records a failure on `keys`; returns how long to hold the answer.
    async fn record_failure(&self, keys: &[String]) -> Result<Duration, sqlx::Error> {
        let now = now_ms();
        let max = i64::from(self.limits.max_failures);
        let mut most = 0;
        for key in keys {
            let failures = login_failures::record(
                &self.pool,
                key,
                now,
                now - millis(FORGET_AFTER),
                max,
                millis(self.limits.lockout),
            )
            .await?;
            if failures >= max {
                tracing::warn!(failures, "sign-in locked after repeated failures");
            }
            most = most.max(failures);
        }
        Ok(self
            .limits
            .failure_delay
            .saturating_mul(u32::try_from(most).unwrap_or(u32::MAX))
            .min(MAX_DELAY))
    }
}

impl Attempt<'_> {
    /// The password was wrong: counts a failure on both keys; returns how long to hold the
    /// answer. The attempt stays in flight until the failure is stored.
    pub async fn failed(mut self) -> Result<Duration, sqlx::Error> {
        let delay = self.throttle.record_failure(&self.keys).await;
        self.open = false;
        self.throttle.release(&self.keys);
        delay
    }

    /// The password was right: forgets the account's failures. The address keeps its count:
    /// one right password must not reset guessing against other accounts.
    pub async fn succeeded(mut self) -> Result<(), sqlx::Error> {
        self.open = false;
        self.throttle.release(&self.keys);
        let key = self.throttle.account_key(&self.email);
        login_failures::forget(&self.throttle.pool, &key).await
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if self.open {
            self.throttle.release(&self.keys);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    /// A throttle on a fresh database, and what keeps that database alive.
    async fn throttle(limits: LoginLimits) -> (tempfile::TempDir, Store, LoginThrottle) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let t = LoginThrottle::new(limits, "login", store.pool().clone());
        (dir, store, t)
    }

    fn limits() -> LoginLimits {
        LoginLimits {
            max_failures: 3,
            lockout: Duration::from_secs(60),
            failure_delay: Duration::from_millis(10),
        }
    }

    async fn fail(t: &LoginThrottle, email: &str, addr: Option<IpAddr>) -> Duration {
        let attempt = t.admit(email, addr).await.unwrap().expect("admitted");
        attempt.failed().await.unwrap()
    }

    async fn admits(t: &LoginThrottle, email: &str, addr: Option<IpAddr>) -> bool {
        t.admit(email, addr).await.unwrap().is_ok()
    }

    #[tokio::test]
    async fn failures_slow_down_then_lock() {
        let (_dir, _store, t) = throttle(limits()).await;
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        assert_eq!(fail(&t, "a@x", addr).await, Duration::from_millis(10));
        assert_eq!(fail(&t, "a@x", addr).await, Duration::from_millis(20));
        assert!(admits(&t, "a@x", addr).await);
        fail(&t, "a@x", addr).await;
        assert!(!admits(&t, "a@x", addr).await);
        // The address is locked for other accounts too, the account from other addresses.
        assert!(!admits(&t, "b@x", addr).await);
        assert!(!admits(&t, "a@x", None).await);
        assert!(admits(&t, "b@x", Some(IpAddr::from([10, 0, 0, 2]))).await);
    }

    #[tokio::test]
    async fn attempts_in_flight_count_against_the_limit() {
        let (_dir, _store, t) = throttle(limits()).await;
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        let mut held = Vec::new();
        for _ in 0..3 {
            held.push(t.admit("a@x", addr).await.unwrap().unwrap());
        }
        assert!(!admits(&t, "a@x", None).await, "the account is full");
        assert!(!admits(&t, "b@x", addr).await, "the address is full");
        // Dropped unjudged: the places are free again and nothing was counted.
        drop(held);
        assert_eq!(fail(&t, "a@x", addr).await, Duration::from_millis(10));
    }

    #[tokio::test]
    async fn success_resets_the_account_only() {
        let (_dir, _store, t) = throttle(limits()).await;
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        fail(&t, "a@x", addr).await;
        fail(&t, "a@x", addr).await;
        let attempt = t.admit("a@x", None).await.unwrap().unwrap();
        attempt.succeeded().await.unwrap();
        assert_eq!(fail(&t, "a@x", None).await, Duration::from_millis(10));
        // The address kept its two failures: the next one anywhere is its third, and locks it.
        assert_eq!(fail(&t, "c@x", addr).await, Duration::from_millis(30));
        assert!(!admits(&t, "d@x", addr).await);
    }

    #[tokio::test]
    async fn delay_is_capped() {
        let mut l = limits();
        l.max_failures = 1000;
        l.failure_delay = Duration::from_secs(2);
        let (_dir, _store, t) = throttle(l).await;
        for _ in 0..10 {
            assert!(fail(&t, "a@x", None).await <= MAX_DELAY);
        }
    }

    /// Two servers on one database: failures counted by one lock the key on the other, and a
    /// right password on either starts the account over for both.
    #[tokio::test]
    async fn instances_on_one_database_share_failures_and_locks() {
        let (_dir, store, one) = throttle(limits()).await;
        let two = LoginThrottle::new(limits(), "login", store.pool().clone());
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        fail(&one, "a@x", addr).await;
        assert_eq!(fail(&two, "a@x", None).await, Duration::from_millis(20));
        fail(&one, "a@x", None).await;
        assert!(
            !admits(&two, "a@x", None).await,
            "locked on the other instance"
        );
        assert!(!admits(&one, "a@x", None).await);

        fail(&two, "b@x", None).await;
        fail(&two, "b@x", None).await;
        let attempt = one.admit("b@x", None).await.unwrap().unwrap();
        attempt.succeeded().await.unwrap();
        assert_eq!(fail(&two, "b@x", None).await, Duration::from_millis(10));
    }

    /// Sign-in and review-link passwords count apart, though both key on the address.
    #[tokio::test]
    async fn scopes_do_not_share_counters() {
        let (_dir, store, login) = throttle(limits()).await;
        let guest = LoginThrottle::new(limits(), "guest", store.pool().clone());
        let addr = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..3 {
            fail(&login, "a@x", addr).await;
        }
        assert!(!admits(&login, "b@x", addr).await);
        assert!(admits(&guest, "review-link:1", addr).await);
    }

    /// A lock runs out, and the failures start over with it.
    #[tokio::test]
    async fn a_lock_runs_out() {
        let mut l = limits();
        l.lockout = Duration::from_millis(200);
        let (_dir, _store, t) = throttle(l).await;
        for _ in 0..3 {
            fail(&t, "a@x", None).await;
        }
        assert!(!admits(&t, "a@x", None).await);
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(fail(&t, "a@x", None).await, Duration::from_millis(10));
    }
}
