//! The `login_failures` table: failed password attempts and locks, per throttle key, shared by
//! every server instance on the database (see `auth::throttle`).

use super::{begin_write, Pool, QueryBuilder};

/// A key's failures as stored. Expiry (a lock run out, a last failure long ago) is the caller's
/// reading of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FailureRow {
    pub key: String,
    pub failures: i64,
    pub last_failure: i64,
    pub locked_until: Option<i64>,
}

/// The rows of `keys` (an account and an address, say); keys without failures have none.
pub async fn of_keys(pool: &Pool, keys: &[String]) -> Result<Vec<FailureRow>, sqlx::Error> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(
        "SELECT key, failures, last_failure, locked_until FROM login_failures WHERE key IN (",
    );
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            qb.push(", ");
        }
        qb.push_bind(key.clone());
    }
    qb.push(")");
    qb.build_query_as().fetch_all(pool).await
}

/// Counts a failure of `key` at `now` and returns its failures since they last started over:
/// they start over when the key's lock has run out, or when its last failure is at or before
/// `forget_before`. When they reach `max_failures` the key is locked until `now + lockout_ms`.
/// One statement counts, so failures recorded at once by several instances all count.
pub async fn record(
    pool: &Pool,
    key: &str,
    now: i64,
    forget_before: i64,
    max_failures: i64,
    lockout_ms: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let failures: i64 = sqlx::query_scalar(
        "INSERT INTO login_failures (key, failures, last_failure, locked_until) \
         VALUES ($1, 1, $2, NULL) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_failures.locked_until <= $2 \
                             OR login_failures.last_failure <= $3 \
                           THEN 1 ELSE login_failures.failures + 1 END, \
           locked_until = CASE WHEN login_failures.locked_until <= $2 THEN NULL \
                               ELSE login_failures.locked_until END, \
           last_failure = $2 \
         RETURNING failures",
    )
    .bind(key)
    .bind(now)
    .bind(forget_before)
    .fetch_one(&mut *tx)
    .await?;
    if failures >= max_failures {
        sqlx::query("UPDATE login_failures SET locked_until = $2 WHERE key = $1")
            .bind(key)
            .bind(now.saturating_add(lockout_ms))
            .execute(&mut *tx)
            .await?;
    }
    // Keys nobody failed on for a while, and no longer locked, go.
    sqlx::query(
        "DELETE FROM login_failures WHERE last_failure <= $1 \
         AND (locked_until IS NULL OR locked_until <= $2)",
    )
    .bind(forget_before)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(failures)
}

/// Forgets the failures and lock of `key` (a right password for the account).
pub async fn forget(pool: &Pool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ())
}
