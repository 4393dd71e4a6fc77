//! The transfer engine: a persistent queue of uploads and downloads, run a few at a time.
//!
//! The queue lives in SQLite ([`Store`](super::store::Store)); the engine keeps a view of it in
//! memory, starts jobs when slots are free, stops them on request, retries them with backoff,
//! and tells listeners what changed. Jobs themselves ([`super::upload`], [`super::download`])
//! persist their progress as the far end confirms it, so a job can be dropped at any await — by
//! pause, cancel, shutdown or a crash — and started again from the database.
//!
//! This module is the engine's public face: [`Engine`] and its queue operations. Behind it,
//! `state` holds the shared in-memory view of the queue, `events` what listeners hear,
//! `scheduler` starts jobs as slots free up, `runner` runs a job's attempts and writes down
//! how it ended, `requests` turns what callers ask for into queue records, and `clients` is
//! where signed-in API clients come from.

mod clients;
mod events;
mod requests;
mod runner;
mod scheduler;
mod state;

pub use clients::{Connections, OneConnection};
pub(crate) use requests::new_id;
pub use requests::{DownloadRequest, UploadRequest};

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use rushes_api::transfers::{Transfer, TransferEvent, TransferLimits, TransferState};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::meter::Meter;
use super::store::Record;
use super::tuning::Tuning;
use crate::ClientError;
use state::{Entry, Shared, Stop};

/// The queue and its workers. Cheap to clone; all clones drive the same queue, and the
/// background work stops when the last clone is dropped.
#[derive(Clone)]
pub struct Engine {
    shared: Arc<Shared>,
    _alive: Arc<Alive>,
}

/// Stops the scheduler and the ticker when the last [`Engine`] handle goes away.
struct Alive(CancellationToken);

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

impl Engine {
    /// Opens the queue at `db` and starts working on it. Transfers that were moving when the
    /// last process ended are queued again and resume from what the far end confirmed.
    pub async fn open(
        db: &std::path::Path,
        clients: Arc<dyn Connections>,
        limits: TransferLimits,
        tuning: Tuning,
    ) -> Result<Self, ClientError> {
        let shared = Arc::new(Shared::open(db, clients, limits, tuning).await?);
        tokio::spawn(scheduler::run(shared.clone()));
        tokio::spawn(events::ticker(shared.clone()));
        shared.wake.notify_one();
        Ok(Self {
            _alive: Arc::new(Alive(shared.shutdown.clone())),
            shared,
        })
    }

    /// Listens to changes and progress. A listener that falls behind loses the oldest events
    /// and should re-read [`Self::list`].
    pub fn subscribe(&self) -> broadcast::Receiver<TransferEvent> {
        self.shared.events.subscribe()
    }

    /// The records of every transfer that `pred` picks, newest first.
    pub(crate) fn records_where(&self, pred: impl Fn(&Record) -> bool) -> Vec<Record> {
        let mut found: Vec<Record> = self
            .shared
            .lock()
            .values()
            .map(|e| &e.record)
            .filter(|r| pred(r))
            .cloned()
            .collect();
        found.sort_by_key(|r| std::cmp::Reverse(r.position));
        found
    }

    /// Every transfer, in queue order.
    pub fn list(&self) -> Vec<Transfer> {
        let entries = self.shared.lock();
        let mut all: Vec<&Entry> = entries.values().collect();
        all.sort_by_key(|e| e.record.position);
        all.into_iter().map(Shared::snapshot).collect()
    }

    pub fn get(&self, id: &str) -> Option<Transfer> {
        self.shared.lock().get(id).map(Shared::snapshot)
    }

    pub fn limits(&self) -> TransferLimits {
        TransferLimits {
            concurrency: self.shared.concurrency.load(Ordering::Relaxed),
            bandwidth: self.shared.resources.limiter.rate(),
        }
    }

    /// Changes the limits while transfers run. A lower concurrency lets running transfers
    /// finish rather than stopping them.
    pub fn set_limits(&self, limits: TransferLimits) {
        self.shared
            .concurrency
            .store(limits.concurrency.max(1), Ordering::Relaxed);
        self.shared.resources.limiter.set_rate(limits.bandwidth);
        self.shared.wake.notify_one();
    }

    /// Queues an upload of one local file.
    pub async fn enqueue_upload(&self, req: UploadRequest) -> Result<Transfer, ClientError> {
        let record = req.into_record(&self.shared.resources.store).await?;
        self.add(record).await
    }

    /// Queues a download of one remote file into `dest_dir`. A remote name that is not a safe
    /// local name (`..\x`, `nul.txt`, a bidi override) is saved under the safe name
    /// [`super::names::local_name`] gives it: the transfer's `name` and `local_path` show it,
    /// the remote name is kept as the name asked for.
    pub async fn enqueue_download(&self, req: DownloadRequest) -> Result<Transfer, ClientError> {
        let record = req.into_record(&self.shared.resources.store).await?;
        self.add(record).await
    }

    async fn add(&self, record: Record) -> Result<Transfer, ClientError> {
        self.shared.resources.store.insert(&record).await?;
        let snapshot = {
            let mut entries = self.shared.lock();
            let entry = Entry {
                meter: Arc::new(Meter::new(0)),
                record,
                run: None,
            };
            let snapshot = Shared::snapshot(&entry);
            entries.insert(entry.record.id.clone(), entry);
            snapshot
        };
        self.shared.emit(TransferEvent::Changed {
            transfer: snapshot.clone(),
        });
        self.shared.wake.notify_one();
        Ok(snapshot)
    }

    /// Stops a transfer, keeping what was transferred; [`Self::resume`] goes on from there.
    pub async fn pause(&self, id: &str) -> Result<(), ClientError> {
        if !self.shared.stop_running(id, Stop::Pause)? {
            self.set_if(id, |s| !s.is_final(), TransferState::Paused)
                .await?;
        }
        Ok(())
    }

    /// Queues a paused or failed transfer again; it goes on from what was transferred.
    pub async fn resume(&self, id: &str) -> Result<(), ClientError> {
        self.set_if(
            id,
            |s| matches!(s, TransferState::Paused | TransferState::Failed),
            TransferState::Queued,
        )
        .await?;
        self.shared.wake.notify_one();
        Ok(())
    }

    /// Same as [`Self::resume`]: a failed transfer is retried from what was transferred.
    pub async fn retry(&self, id: &str) -> Result<(), ClientError> {
        self.resume(id).await
    }

    /// Stops a transfer for good and removes its traces (the unfinished upload at the server,
    /// the `.part` file of a download). Finished files stay.
    pub async fn cancel(&self, id: &str) -> Result<(), ClientError> {
        if self.shared.stop_running(id, Stop::Cancel)? {
            return Ok(());
        }
        let record = self
            .shared
            .record(id)
            .ok_or_else(|| ClientError::NotFound(format!("no transfer {id}")))?;
        if matches!(
            record.state,
            TransferState::Done | TransferState::Skipped | TransferState::Cancelled
        ) {
            return Ok(());
        }
        runner::abandon(&self.shared, &record).await;
        self.shared
            .update(id, |r| {
                r.state = TransferState::Cancelled;
                r.error = None;
            })
            .await?;
        Ok(())
    }

    /// Queues again the transfers of a connection that stopped because its sign-in ended
    /// (paused with an error); those the person paused stay paused.
    pub async fn resume_connection(&self, connection: &str) -> Result<(), ClientError> {
        for id in self.shared.ids_where(|r| {
            r.connection == connection && r.state == TransferState::Paused && r.error.is_some()
        }) {
            self.resume(&id).await?;
        }
        Ok(())
    }

    /// Removes finished transfers (done, skipped, cancelled) from the list.
    pub async fn clear_finished(&self) -> Result<(), ClientError> {
        let finished = self.shared.ids_where(|r| {
            matches!(
                r.state,
                TransferState::Done | TransferState::Skipped | TransferState::Cancelled
            )
        });
        for id in finished {
            self.shared.resources.store.delete(&id).await?;
            self.shared.lock().remove(&id);
            self.shared.emit(TransferEvent::Removed { id });
        }
        Ok(())
    }

    /// Moves a transfer to `index` in the queue (0 = next to run).
    pub async fn move_to(&self, id: &str, index: usize) -> Result<(), ClientError> {
        let order: Vec<String> = {
            let entries = self.shared.lock();
            if !entries.contains_key(id) {
                return Err(ClientError::NotFound(format!("no transfer {id}")));
            }
            let mut all: Vec<&Entry> = entries.values().collect();
            all.sort_by_key(|e| e.record.position);
            let mut ids: Vec<String> = all
                .into_iter()
                .map(|e| e.record.id.clone())
                .filter(|x| x != id)
                .collect();
            ids.insert(index.min(ids.len()), id.to_owned());
            ids
        };
        for (pos, tid) in order.iter().enumerate() {
            let pos = i64::try_from(pos).unwrap_or(i64::MAX);
            let unchanged = self.shared.record(tid).is_some_and(|r| r.position == pos);
            if !unchanged {
                self.shared.update(tid, |r| r.position = pos).await?;
            }
        }
        self.shared.wake.notify_one();
        Ok(())
    }

    /// Waits until a transfer reaches a final state and returns it.
    pub async fn wait(&self, id: &str) -> Result<Transfer, ClientError> {
        let mut events = self.subscribe();
        loop {
            let t = self
                .get(id)
                .ok_or_else(|| ClientError::NotFound(format!("no transfer {id}")))?;
            if t.state.is_final() {
                return Ok(t);
            }
            match events.recv().await {
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => {
                    return Err(ClientError::Queue("the engine stopped".into()))
                }
            }
        }
    }

    /// Stops every running job, leaving it queued for the next start, and stops the engine.
    pub async fn shutdown(&self) {
        let ids = self.shared.ids_where(|_| true);
        for id in ids {
            let _ = self.shared.stop_running(&id, Stop::Shutdown);
        }
        self.shared.shutdown.cancel();
        // Give jobs a moment to drop their connections.
        for _ in 0..50 {
            if self.shared.lock().values().all(|e| e.run.is_none()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn set_if(
        &self,
        id: &str,
        allowed: impl Fn(TransferState) -> bool,
        to: TransferState,
    ) -> Result<(), ClientError> {
        let record = self
            .shared
            .record(id)
            .ok_or_else(|| ClientError::NotFound(format!("no transfer {id}")))?;
        if !allowed(record.state) {
            return Ok(());
        }
        self.shared
            .update(id, |r| {
                r.state = to;
                r.error = None;
            })
            .await?;
        Ok(())
    }
}
