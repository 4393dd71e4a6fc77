//! One writer per upload: a PATCH (or DELETE, or the final concatenation) holds its upload's
//! lock while it touches the staging file and the offset, so two requests can never interleave
//! bytes. A second writer is told 423 at once instead of waiting behind a slow body; tus clients
//! retry it. The database update is a compare-and-set as well.
//!
//! Within one process the lock is a mutex per upload. When the database is PostgreSQL, several
//! instances may share it (and the uploads), so the lock is also a PostgreSQL advisory lock,
//! held on a connection of a small pool of its own for as long as the guard lives. Its great
//! property is what happens when an instance dies mid-PATCH: its connection closes and
//! PostgreSQL releases the lock, so the client's retry through another instance carries on at
//! once — no lease to wait out. A returned connection gives up every advisory lock it holds
//! before anyone else may use it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::pool::PoolConnection;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use super::TusError;
use crate::db::{Db, Engine, Pool};

/// Uploads one instance may be writing at once when the locks are shared: each holds a database
/// connection while its body arrives. One more waits this long for a connection, then is 423
/// (and its client retries).
const SHARED_LOCKS: u32 = 64;
const SHARED_WAIT: Duration = Duration::from_secs(5);
/// A lock is let go of a moment after its guard drops (the connection unlocks on its way back to
/// the pool), while the client may already be sending its next chunk, perhaps to another
/// instance. A taken lock is asked for again for this long before the answer is 423.
const RELEASE_GRACE: Duration = Duration::from_millis(500);
const RETRY_EVERY: Duration = Duration::from_millis(10);

/// The locks of the uploads being written. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct UploadLocks {
    held: Arc<Mutex<HashMap<String, Arc<AsyncMutex<()>>>>>,
    /// Connections for advisory locks, when the database is shared by instances.
    shared: Option<Pool>,
}

/// Holds an upload's lock; dropping it releases the lock and forgets unused entries.
#[derive(Debug)]
pub struct UploadGuard {
    locks: UploadLocks,
    id: String,
    guard: Option<OwnedMutexGuard<()>>,
    /// The connection holding the advisory lock; returning it to its pool unlocks.
    _shared: Option<PoolConnection<Db>>,
}

impl UploadLocks {
    /// Locks for uploads recorded in `pool`: shared through advisory locks on PostgreSQL, this
    /// process's own on SQLite (one instance per SQLite database).
    pub fn for_database(pool: &Pool) -> Self {
        let shared = (Engine::of(pool) == Engine::Postgres).then(|| {
            sqlx::pool::PoolOptions::<Db>::new()
                .max_connections(SHARED_LOCKS)
                .min_connections(0)
                .acquire_timeout(SHARED_WAIT)
                .after_release(|conn, _| {
                    Box::pin(async move {
                        sqlx::query("SELECT pg_advisory_unlock_all()")
                            .execute(&mut *conn)
                            .await?;
                        Ok(true)
                    })
                })
                .connect_lazy_with((*pool.connect_options()).clone())
        });
        Self {
            held: Arc::default(),
            shared,
        }
    }

    /// Takes the lock of upload `id`, or fails with 423 when someone holds it (here or on
    /// another instance).
    pub async fn try_lock(&self, id: &str) -> Result<UploadGuard, TusError> {
        let mutex = {
            let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
            held.entry(id.to_owned()).or_default().clone()
        };
        let guard = mutex.try_lock_owned().map_err(|_| TusError::Locked)?;
        // From here the guard exists, so any early return forgets the entry again.
        let mut guard = UploadGuard {
            locks: self.clone(),
            id: id.to_owned(),
            guard: Some(guard),
            _shared: None,
        };
        if let Some(pool) = &self.shared {
            guard._shared = Some(advisory_lock(pool, id).await?);
        }
        Ok(guard)
    }

    /// Takes the lock held while upload `id` is handed over to its file, or fails with 423.
    /// It is apart from the writing lock because the hand-over outlives the request that
    /// started it; whatever would remove or replace the upload takes both.
    pub async fn try_lock_finishing(&self, id: &str) -> Result<UploadGuard, TusError> {
        self.try_lock(&format!("{id}/finishing")).await
    }
}

/// A connection holding the advisory lock of `id`, or 423 when another session holds it past
/// [`RELEASE_GRACE`] or no connection is free in time.
async fn advisory_lock(pool: &Pool, id: &str) -> Result<PoolConnection<Db>, TusError> {
    let mut conn = pool.acquire().await.map_err(|e| {
        tracing::warn!(error = %e, upload = id, "no connection for an upload lock");
        TusError::Locked
    })?;
    let key = lock_key(id);
    let deadline = tokio::time::Instant::now() + RELEASE_GRACE;
    loop {
        let (taken,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
            .bind(key)
            .fetch_one(&mut *conn)
            .await?;
        if taken {
            return Ok(conn);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(TusError::Locked);
        }
        tokio::time::sleep(RETRY_EVERY).await;
    }
}

/// The advisory lock key of upload `id`: 64 bits of its SHA-256. Two uploads sharing a key
/// would only wait for each other now and then, never write into each other.
fn lock_key(id: &str) -> i64 {
    let digest = Sha256::digest(format!("rushes upload {id}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

impl Drop for UploadGuard {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut held = self.locks.held.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map refers to an unlocked, unwanted mutex: forget it so the map stays small.
        if held
            .get(&self.id)
            .is_some_and(|m| Arc::strong_count(m) == 1)
        {
            held.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_writer_is_refused_until_the_first_is_done() {
        let locks = UploadLocks::default();
        let first = locks.try_lock("a").await.unwrap();
        assert!(matches!(locks.try_lock("a").await, Err(TusError::Locked)));
        assert!(locks.try_lock("b").await.is_ok());
        drop(first);
        assert!(locks.try_lock("a").await.is_ok());
        assert!(locks.held.lock().unwrap().is_empty());
    }

    #[test]
    fn lock_keys_differ_per_upload_and_are_stable() {
        assert_eq!(lock_key("abc"), lock_key("abc"));
        assert_ne!(lock_key("abc"), lock_key("abd"));
        assert_ne!(lock_key("abc"), lock_key("abc/finishing"));
    }
}
