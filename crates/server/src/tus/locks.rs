//! One writer per upload: a PATCH (or DELETE, or the final concatenation) holds its upload's
//! lock while it touches the staging file and the offset, so two requests can never interleave
//! bytes. A second writer is told 423 at once instead of waiting behind a slow body; tus clients
//! retry it. The database update is a compare-and-set as well, for the day several servers share
//! one database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use super::TusError;

/// The locks of the uploads being written. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct UploadLocks {
    held: Arc<Mutex<HashMap<String, Arc<AsyncMutex<()>>>>>,
}

/// Holds an upload's lock; dropping it releases the lock and forgets unused entries.
#[derive(Debug)]
pub struct UploadGuard {
    locks: UploadLocks,
    id: String,
    guard: Option<OwnedMutexGuard<()>>,
}

impl UploadLocks {
    /// Takes the lock of upload `id`, or fails with 423 when someone holds it.
    pub fn try_lock(&self, id: &str) -> Result<UploadGuard, TusError> {
        let mutex = {
            let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
            held.entry(id.to_owned()).or_default().clone()
        };
        let guard = mutex.try_lock_owned().map_err(|_| TusError::Locked)?;
        Ok(UploadGuard {
            locks: self.clone(),
            id: id.to_owned(),
            guard: Some(guard),
        })
    }
}

impl UploadLocks {
    /// Takes the lock held while upload `id` is handed over to its file, or fails with 423.
    /// It is apart from the writing lock because the hand-over outlives the request that
    /// started it; whatever would remove or replace the upload takes both.
    pub fn try_lock_finishing(&self, id: &str) -> Result<UploadGuard, TusError> {
        self.try_lock(&format!("{id}/finishing"))
    }
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

    #[test]
    fn a_second_writer_is_refused_until_the_first_is_done() {
        let locks = UploadLocks::default();
        let first = locks.try_lock("a").unwrap();
        assert!(matches!(locks.try_lock("a"), Err(TusError::Locked)));
        assert!(locks.try_lock("b").is_ok());
        drop(first);
        assert!(locks.try_lock("a").is_ok());
        assert!(locks.held.lock().unwrap().is_empty());
    }
}
