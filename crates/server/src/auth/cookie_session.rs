//! What the two kinds of browser session share: the web app's sign-in sessions
//! ([`super::web_session`]) and review-link guests' sessions ([`super::guest_session`]). Both
//! keep a CSRF token the page must present, end after an idle time and at an absolute end, and
//! record use at most once a minute so the idle end moves without a write per request.

use std::time::Duration;

use subtle::ConstantTimeEq;

use crate::config::WebSessionLimits;

/// A request refreshes `last_seen_at` only when it is at least this old (or a quarter of the
/// idle time, when that is shorter).
const TOUCH_AFTER: Duration = Duration::from_secs(60);

/// Whether `presented` is the session's CSRF token `expected`, compared in constant time.
pub fn csrf_matches(expected: &str, presented: &str) -> bool {
    !presented.is_empty() && bool::from(expected.as_bytes().ct_eq(presented.as_bytes()))
}

/// The moment before which a session counts as idle.
pub fn idle_since(limits: &WebSessionLimits, now: i64) -> i64 {
    now.saturating_sub(i64::try_from(limits.idle.as_millis()).unwrap_or(i64::MAX))
}

/// Whether a session last seen at `last_seen_at` should record a use at `now`.
pub fn touch_due(limits: &WebSessionLimits, last_seen_at: i64, now: i64) -> bool {
    let every = TOUCH_AFTER.min(limits.idle / 4);
    now.saturating_sub(last_seen_at) >= i64::try_from(every.as_millis()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(idle: u64) -> WebSessionLimits {
        WebSessionLimits {
            idle: Duration::from_secs(idle),
            max_age: Duration::from_secs(3600),
        }
    }

    #[test]
    fn the_csrf_token_must_be_presented_exactly() {
        assert!(csrf_matches("abc", "abc"));
        assert!(!csrf_matches("abc", "abd"));
        assert!(!csrf_matches("abc", "ab"));
        assert!(!csrf_matches("abc", ""));
        assert!(!csrf_matches("", ""));
    }

    #[test]
    fn use_is_recorded_at_most_once_a_minute_or_a_quarter_of_the_idle_time() {
        let long = limits(3600);
        assert!(!touch_due(&long, 0, 59_999));
        assert!(touch_due(&long, 0, 60_000));
        let short = limits(8);
        assert!(!touch_due(&short, 0, 1_999));
        assert!(touch_due(&short, 0, 2_000));
        assert_eq!(idle_since(&short, 10_000), 2_000);
        let forever = WebSessionLimits {
            idle: Duration::MAX,
            max_age: Duration::MAX,
        };
        assert_eq!(idle_since(&forever, 50_000), 50_000 - i64::MAX);
    }
}
