//! The scheduler: starts queued transfers in queue order while fewer than the concurrency
//! limit run. It sleeps until woken by anything that may free or fill a slot (a transfer
//! queued, ended, moved or resumed, a new limit).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use rushes_api::transfers::TransferState;

use super::runner;
use super::state::{Entry, Run, Shared};

/// Starts queued transfers while slots are free.
pub(super) async fn run(shared: Arc<Shared>) {
    loop {
        tokio::select! {
            _ = shared.shutdown.cancelled() => return,
            _ = shared.wake.notified() => {}
        }
        let to_start: Vec<String> = {
            let entries = shared.lock();
            let running = entries.values().filter(|e| e.run.is_some()).count();
            let limit = shared.concurrency.load(Ordering::Relaxed) as usize;
            let mut queued: Vec<&Entry> = entries
                .values()
                .filter(|e| e.run.is_none() && e.record.state == TransferState::Queued)
                .collect();
            queued.sort_by_key(|e| e.record.position);
            queued
                .into_iter()
                .take(limit.saturating_sub(running))
                .map(|e| e.record.id.clone())
                .collect()
        };
        for id in to_start {
            let cancel = shared.shutdown.child_token();
            let meter = {
                let mut entries = shared.lock();
                let Some(entry) = entries.get_mut(&id) else {
                    continue;
                };
                entry.run = Some(Run {
                    cancel: cancel.clone(),
                    stop: None,
                });
                entry.meter.clone()
            };
            tokio::spawn(runner::run_job(shared.clone(), id, cancel, meter));
        }
    }
}
