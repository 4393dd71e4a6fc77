//! The job runner: runs one transfer's upload or download job, tries again with backoff after
//! failures that may pass, and writes down how the job ended (done, skipped, failed, paused or
//! cancelled); a job stopped because the engine stops is left as it was, for the next start.
//!
//! Jobs see the engine only as the [`Ledger`] of their records, which the engine's shared state
//! is here.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use rushes_api::transfers::{TransferDirection, TransferState};
use tokio_util::sync::CancellationToken;

use super::events::{announce_batch, code_str};
use super::state::{Shared, Stop};
use crate::transfer::job::{Job, Ledger, Outcome};
use crate::transfer::meter::Meter;
use crate::transfer::retry::{self, Backoff};
use crate::transfer::store::Record;
use crate::transfer::{download, upload};
use crate::ClientError;

/// Jobs read and change their transfer's record through the engine's view of the queue.
impl Ledger for Shared {
    fn record(&self, id: &str) -> Option<Record> {
        Shared::record(self, id)
    }

    fn update<'a>(
        &'a self,
        id: &'a str,
        change: Box<dyn FnOnce(&mut Record) + Send + 'a>,
    ) -> BoxFuture<'a, Result<Record, ClientError>> {
        Box::pin(Shared::update(self, id, change))
    }
}

/// Runs a transfer's job until it ends or is stopped, then writes down how it ended.
pub(super) async fn run_job(
    shared: Arc<Shared>,
    id: String,
    cancel: CancellationToken,
    meter: Arc<Meter>,
) {
    let result = tokio::select! {
        r = attempt_with_retries(&shared, &id, meter) => Some(r),
        _ = cancel.cancelled() => None,
    };
    // The job counts as running until its end is written down: a command that waits for its
    // transfers and then exits must never leave a finished one recorded as "verifying".
    let stop = shared
        .lock()
        .get(&id)
        .and_then(|e| e.run.as_ref())
        .and_then(|r| r.stop);
    let (state, error) = match (result, stop) {
        (_, Some(Stop::Shutdown)) | (None, None) => {
            // Left as it was: the next start resumes it.
            shared.end_run(&id);
            shared.wake.notify_one();
            return;
        }
        (_, Some(Stop::Pause)) => (TransferState::Paused, None),
        (_, Some(Stop::Cancel)) => {
            if let Some(record) = shared.record(&id) {
                abandon(&shared, &record).await;
            }
            (TransferState::Cancelled, None)
        }
        (Some(Ok(Outcome::Done)), None) => (TransferState::Done, None),
        (Some(Ok(Outcome::Skipped)), None) => (TransferState::Skipped, None),
        (Some(Err(e)), None) => {
            let paused = matches!(e, ClientError::SignInRequired(_));
            tracing::warn!(transfer = %id, error = %e, "transfer stopped");
            let state = if paused {
                TransferState::Paused
            } else {
                TransferState::Failed
            };
            (state, Some((code_str(e.code()), e.to_string())))
        }
    };
    let updated = shared
        .update(&id, |r| {
            r.state = state;
            r.error = error;
        })
        .await;
    if let Err(e) = updated {
        tracing::error!(transfer = %id, error = %e, "could not record the transfer's end");
    }
    shared.end_run(&id);
    announce_batch(&shared, &id);
    shared.wake.notify_one();
}

/// Runs a job until it ends, trying again after failures that may pass.
async fn attempt_with_retries(
    shared: &Arc<Shared>,
    id: &str,
    meter: Arc<Meter>,
) -> Result<Outcome, ClientError> {
    let record = shared
        .record(id)
        .ok_or_else(|| ClientError::NotFound(format!("no transfer {id}")))?;
    let mut backoff = Backoff::default();
    let mut last_done = meter.done();
    let chunk = Arc::new(std::sync::atomic::AtomicU64::new(
        shared.resources.tuning.chunk_size,
    ));
    loop {
        let result = match shared.clients.client(&record.connection).await {
            Ok(api) => {
                shared
                    .update(id, |r| {
                        r.state = TransferState::Sending;
                        r.error = None;
                    })
                    .await?;
                let job = Job {
                    ledger: shared.clone(),
                    resources: shared.resources.clone(),
                    id: id.to_owned(),
                    api,
                    meter: meter.clone(),
                    chunk: chunk.clone(),
                };
                match record.direction {
                    TransferDirection::Upload => upload::run(&job).await,
                    TransferDirection::Download => download::run(&job).await,
                }
            }
            Err(e) => Err(e),
        };
        let e = match result {
            Ok(outcome) => return Ok(outcome),
            Err(e) => e,
        };
        if !retry::is_retryable(&e) {
            return Err(e);
        }
        if meter.done() > last_done {
            backoff.reset();
            last_done = meter.done();
        }
        let Some(delay) = backoff.next_delay() else {
            return Err(e);
        };
        tracing::info!(transfer = %id, error = %e, ?delay, "transfer interrupted; retrying");
        tokio::time::sleep(delay).await;
    }
}

/// Removes a cancelled transfer's traces: its unfinished uploads (and a file record that
/// never got its bytes) at the server, or a download's `.part` file.
pub(super) async fn abandon(shared: &Shared, record: &Record) {
    match record.direction {
        TransferDirection::Upload => {
            if let Ok(api) = shared.clients.client(&record.connection).await {
                upload::abandon(&shared.resources.store, &api, record).await;
            }
        }
        TransferDirection::Download => download::abandon(record).await,
    }
}
