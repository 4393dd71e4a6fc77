//! An in-memory store for tests and for runs that must leave nothing behind.

use std::collections::HashMap;
use std::sync::Mutex;

use super::SecretStore;
use crate::{ClientError, Secret};

/// Secrets kept only for the life of the process.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Secret>>,
}

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A poisoned map is still a consistent map: every operation is a single insert/remove.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, ClientError> {
        Ok(self.lock().get(account).cloned())
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), ClientError> {
        self.lock().insert(account.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), ClientError> {
        self.lock().remove(account);
        Ok(())
    }
}
