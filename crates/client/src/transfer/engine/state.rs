//! The engine's state: its in-memory view of the queue (each transfer's record, meter and
//! running job), loaded from the queue database at start, the limits, and what wakes and stops
//! its background loops.
//!
//! The handles, the scheduler, the ticker and the job runner all hold the same [`Shared`];
//! this module has the plain reads and writes of its map. Changing a record goes through
//! [`Shared::update`] (in the events module), which persists and announces the change.

use std::collections::HashMap;
use std::sync::atomic::AtomicU32;
use std::sync::{Arc, Mutex, MutexGuard};

use rushes_api::transfers::{TransferEvent, TransferLimits, TransferState};
use tokio::sync::{broadcast, Notify};
use tokio_util::sync::CancellationToken;

use super::clients::Connections;
use crate::transfer::job::Resources;
use crate::transfer::limiter::Limiter;
use crate::transfer::meter::Meter;
use crate::transfer::store::{Record, Store};
use crate::transfer::tuning::Tuning;
use crate::ClientError;

/// Why a running job is being stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    Pause,
    Cancel,
    /// The engine shuts down: the transfer stays queued for the next start.
    Shutdown,
}

pub(super) struct Entry {
    pub(super) record: Record,
    pub(super) meter: Arc<Meter>,
    pub(super) run: Option<Run>,
}

pub(super) struct Run {
    pub(super) cancel: CancellationToken,
    pub(super) stop: Option<Stop>,
}

/// The engine's state, shared by its handles, its background loops and its running jobs.
pub(super) struct Shared {
    /// The queue database, the sizes, the bandwidth limit and the servers' tus capabilities,
    /// shared with the jobs.
    pub(super) resources: Arc<Resources>,
    pub(super) clients: Arc<dyn Connections>,
    pub(super) concurrency: AtomicU32,
    pub(super) entries: Mutex<HashMap<String, Entry>>,
    pub(super) events: broadcast::Sender<TransferEvent>,
    pub(super) wake: Notify,
    pub(super) shutdown: CancellationToken,
}

impl Shared {
    /// Loads the queue at `db`, putting transfers that were moving when the last process
    /// ended back in the queue.
    pub(super) async fn open(
        db: &std::path::Path,
        clients: Arc<dyn Connections>,
        limits: TransferLimits,
        tuning: Tuning,
    ) -> Result<Self, ClientError> {
        let store = Store::open(db).await?;
        let mut entries = HashMap::new();
        for mut record in store.load().await? {
            if matches!(
                record.state,
                TransferState::Sending | TransferState::Finalising | TransferState::Verifying
            ) {
                record.state = TransferState::Queued;
                store.save(&record).await?;
            }
            let meter = Arc::new(Meter::new(record.done));
            entries.insert(
                record.id.clone(),
                Entry {
                    record,
                    meter,
                    run: None,
                },
            );
        }
        let (events, _) = broadcast::channel(1024);
        Ok(Self {
            resources: Arc::new(Resources::new(
                store,
                tuning,
                Arc::new(Limiter::new(limits.bandwidth)),
            )),
            clients,
            concurrency: AtomicU32::new(limits.concurrency.max(1)),
            entries: Mutex::new(entries),
            events,
            wake: Notify::new(),
            shutdown: CancellationToken::new(),
        })
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    pub(super) fn record(&self, id: &str) -> Option<Record> {
        self.lock().get(id).map(|e| e.record.clone())
    }

    /// Marks a transfer's job as ended, once its outcome is recorded.
    pub(super) fn end_run(&self, id: &str) {
        if let Some(entry) = self.lock().get_mut(id) {
            entry.run = None;
        }
    }

    pub(super) fn ids_where(&self, pred: impl Fn(&Record) -> bool) -> Vec<String> {
        self.lock()
            .values()
            .filter(|e| pred(&e.record))
            .map(|e| e.record.id.clone())
            .collect()
    }

    /// Asks a running job to stop; false when it isn't running.
    pub(super) fn stop_running(&self, id: &str, stop: Stop) -> Result<bool, ClientError> {
        let mut entries = self.lock();
        let entry = entries
            .get_mut(id)
            .ok_or_else(|| ClientError::NotFound(format!("no transfer {id}")))?;
        match entry.run.as_mut() {
            Some(run) => {
                run.stop = Some(stop);
                run.cancel.cancel();
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
