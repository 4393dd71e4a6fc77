//! Times in the database are milliseconds since the Unix epoch (UTC): an integer compares and
//! indexes the same way on every engine, which RFC 3339 text with varying precision does not.

use rushes_api::Timestamp;

/// Now, as stored.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A stored time as the API shows it. Out-of-range values (never written by us) become the epoch.
pub fn to_timestamp(ms: i64) -> Timestamp {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// `now + ttl` in stored form, saturating instead of overflowing on absurd lifetimes.
pub fn after_ms(now: i64, ttl: std::time::Duration) -> i64 {
    let ttl = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    now.saturating_add(ttl)
}
