//! When a failed step is worth trying again, and how long to wait first.

use std::time::Duration;

use rand::Rng;
use rushes_api::error::ErrorCode;

use crate::ClientError;

/// First wait; doubles per attempt up to [`MAX_DELAY`].
const BASE_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(30);
/// Attempts in a row without progress before the transfer fails (the person can retry).
pub const MAX_ATTEMPTS: u32 = 12;

/// True when the same step may succeed if sent again: the network broke, the server was busy,
/// restarting or out of disk (507, until space is freed), or the protocol says to come back (409
/// offset/conflict, 423 locked, 429, 460 checksum). Other 4xx answers won't change by repeating them (413 `quota_exceeded`
/// among them: only deleting files or a raised quota helps).
pub fn is_retryable(e: &ClientError) -> bool {
    match e {
        ClientError::Network(_) | ClientError::Interrupted(_) => true,
        ClientError::Api(env) => matches!(
            env.code,
            ErrorCode::Internal
                | ErrorCode::RateLimited
                | ErrorCode::Conflict
                | ErrorCode::OffsetMismatch
                | ErrorCode::UploadLocked
                | ErrorCode::ChecksumMismatch
                | ErrorCode::LinkExpired
                | ErrorCode::DiskFull
        ),
        ClientError::Status { status } => {
            *status >= 500 || matches!(status, 408 | 409 | 423 | 429 | 460)
        }
        // A body that broke off while being read back from the socket shows as I/O on our
        // side only for downloads; a local read error (file gone) is not retried.
        _ => false,
    }
}

/// Exponential backoff with jitter, reset whenever a step makes progress.
#[derive(Debug, Default)]
pub struct Backoff {
    attempt: u32,
}

impl Backoff {
    /// Progress was made: the next failure starts from the shortest wait again.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }

    /// The wait before the next attempt, or `None` once attempts are exhausted.
    pub fn next_delay(&mut self) -> Option<Duration> {
        if self.attempt >= MAX_ATTEMPTS {
            return None;
        }
        let exp = BASE_DELAY.saturating_mul(1u32 << self.attempt.min(16));
        self.attempt += 1;
        let cap = exp.min(MAX_DELAY);
        // "Equal jitter": half fixed, half random, so many clients don't retry in step.
        let half = cap / 2;
        let jitter = rand::thread_rng().gen_range(0..=half.as_millis() as u64);
        Some(half + Duration::from_millis(jitter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_statuses_are_retried_and_plain_refusals_are_not() {
        for s in [409, 423, 429, 460, 500, 503] {
            assert!(is_retryable(&ClientError::Status { status: s }), "{s}");
        }
        for s in [400, 403, 404, 410, 413] {
            assert!(!is_retryable(&ClientError::Status { status: s }), "{s}");
        }
    }

    #[test]
    fn a_quota_refusal_is_not_retried() {
        let env = rushes_api::error::ErrorEnvelope {
            status: 413,
            status_message: "Payload Too Large".into(),
            error: Default::default(),
            code: ErrorCode::QuotaExceeded,
        };
        let e = ClientError::Api(env);
        // Sending it again only fails again until something is deleted or the quota raised.
        assert!(!is_retryable(&e));
        assert_eq!(e.code(), rushes_api::ipc::AppErrorCode::QuotaExceeded);
    }

    #[test]
    fn delays_grow_with_jitter_and_run_out() {
        let mut b = Backoff::default();
        let first = b.next_delay().unwrap();
        assert!(first >= BASE_DELAY / 2 && first <= BASE_DELAY);
        let mut last = first;
        for _ in 1..MAX_ATTEMPTS {
            last = b.next_delay().unwrap();
        }
        assert!(last <= MAX_DELAY && last >= MAX_DELAY / 2);
        assert_eq!(b.next_delay(), None);
        b.reset();
        assert!(b.next_delay().is_some());
    }
}
