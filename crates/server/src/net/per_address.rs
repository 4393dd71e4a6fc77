//! How many connections one client address may hold open at once.
//!
//! Without a cap, one client can open connections until the process runs out of file
//! descriptors and nobody else gets in. Loopback and a reverse proxy are one address for all
//! their clients, so the cap is generous; it is there to stop a flood, not to ration people.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The open connections per address.
#[derive(Debug)]
pub struct PerAddress {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One admitted connection; dropping it frees its place.
#[derive(Debug)]
pub struct Slot {
    counts: Arc<PerAddress>,
    addr: IpAddr,
}

impl PerAddress {
    /// Counts that admit `max` connections per address.
    pub fn new(max: usize) -> Arc<Self> {
        Arc::new(Self {
            max,
            open: Mutex::new(HashMap::new()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<IpAddr, usize>> {
        // Plain counters: still right after a panic elsewhere.
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A place for one more connection from `addr`, or `None` when it has `max` open already.
    pub fn admit(self: &Arc<Self>, addr: IpAddr) -> Option<Slot> {
        let mut open = self.lock();
        let count = open.entry(addr).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(Slot {
            counts: Arc::clone(self),
            addr,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.counts.lock();
        if let Some(count) = open.get_mut(&self.addr) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.addr);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_max_places_and_each_comes_back_when_dropped() {
        let counts = PerAddress::new(2);
        let a = IpAddr::from([10, 0, 0, 1]);
        let first = counts.admit(a).unwrap();
        let _second = counts.admit(a).unwrap();
        assert!(counts.admit(a).is_none());
        assert!(counts.admit(IpAddr::from([10, 0, 0, 2])).is_some());
        drop(first);
        assert!(counts.admit(a).is_some());
    }
}
