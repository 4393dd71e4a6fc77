//! How many ZIP streams each user has open. An archive holds a connection and reads the disk
//! for as long as the client takes, so one user (or one runaway script) gets a few at once
//! rather than the whole server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rushes_api::Id;

/// The per-user counters. Cheap to clone; clones share them.
#[derive(Debug, Clone)]
pub struct ZipSlots {
    per_user: usize,
    open: Arc<Mutex<HashMap<Id, usize>>>,
}

/// One open stream of one user; dropping it frees the slot.
#[derive(Debug)]
pub struct ZipSlot {
    user: Id,
    open: Arc<Mutex<HashMap<Id, usize>>>,
}

impl ZipSlots {
    /// At most `per_user` streams per user at once.
    pub fn new(per_user: usize) -> Self {
        Self {
            per_user,
            open: Arc::default(),
        }
    }

    /// A slot for `user`, or `None` when they already have `per_user` streams open.
    pub fn take(&self, user: Id) -> Option<ZipSlot> {
        // The map holds plain counters: a panic elsewhere cannot leave it half-updated.
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(user).or_default();
        if *count >= self.per_user {
            return None;
        }
        *count += 1;
        Some(ZipSlot {
            user,
            open: Arc::clone(&self.open),
        })
    }
}

impl Drop for ZipSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_gets_at_most_the_limit_and_a_dropped_slot_comes_back() {
        let slots = ZipSlots::new(2);
        let a = slots.take(1).unwrap();
        let _b = slots.take(1).unwrap();
        assert!(slots.take(1).is_none());
        assert!(slots.take(2).is_some(), "another user has their own");
        drop(a);
        assert!(slots.take(1).is_some());
    }
}
