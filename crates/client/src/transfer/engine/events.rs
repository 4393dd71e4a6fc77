//! What the engine tells listeners: a snapshot of a transfer whenever its record changes, its
//! progress at most every tick while it moves, and the end of each batch.

use std::sync::Arc;
use std::time::Duration;

use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::transfers::{Transfer, TransferEvent, TransferProgress, TransferState};

use super::state::{Entry, Shared};
use crate::transfer::meter::eta;
use crate::transfer::store::Record;
use crate::ClientError;

/// How often progress is sampled and sent: at most ten updates a second per transfer.
const TICK: Duration = Duration::from_millis(100);

impl Shared {
    pub(super) fn snapshot(entry: &Entry) -> Transfer {
        let r = &entry.record;
        let done = if r.state == TransferState::Done {
            r.size.unwrap_or(r.done)
        } else {
            entry.meter.done().max(r.done)
        };
        Transfer {
            id: r.id.clone(),
            direction: r.direction,
            connection: r.connection.clone(),
            name: r.name.clone(),
            local_path: r.local_path.to_string_lossy().into_owned(),
            project_id: r.project_id,
            folder_id: r.folder_id,
            file_id: r.file_id,
            size: r.size,
            state: r.state,
            done,
            // Rate and time left travel in progress events.
            rate: 0,
            eta_secs: None,
            error: r.error.as_ref().map(|(code, message)| AppError {
                code: parse_code(code),
                message: message.clone(),
            }),
            batch: r.batch.clone(),
            on_conflict: r.on_conflict,
        }
    }

    pub(super) fn emit(&self, event: TransferEvent) {
        // Nobody listening is fine.
        let _ = self.events.send(event);
    }

    /// Applies `change` to a transfer's record, persists it and tells listeners.
    pub(super) async fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut Record),
    ) -> Result<Record, ClientError> {
        let (record, snapshot) = {
            let mut entries = self.lock();
            let entry = entries
                .get_mut(id)
                .ok_or_else(|| ClientError::NotFound(format!("no transfer {id}")))?;
            change(&mut entry.record);
            (entry.record.clone(), Self::snapshot(entry))
        };
        self.resources.store.save(&record).await?;
        self.emit(TransferEvent::Changed { transfer: snapshot });
        Ok(record)
    }
}

fn parse_code(code: &str) -> AppErrorCode {
    serde_json::from_value(serde_json::Value::String(code.to_owned()))
        .unwrap_or(AppErrorCode::Internal)
}

/// The stored form of an error code, as `parse_code` reads it back.
pub(super) fn code_str(code: AppErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "internal".to_owned(),
    }
}

/// Tells listeners when the last transfer of a batch ended.
pub(super) fn announce_batch(shared: &Shared, id: &str) {
    let event = {
        let entries = shared.lock();
        let Some(batch) = entries.get(id).map(|e| e.record.batch.clone()) else {
            return;
        };
        let members: Vec<&Entry> = entries
            .values()
            .filter(|e| e.record.batch == batch)
            .collect();
        let ended = |s: TransferState| {
            matches!(
                s,
                TransferState::Done
                    | TransferState::Failed
                    | TransferState::Cancelled
                    | TransferState::Skipped
            )
        };
        if !members.iter().all(|e| ended(e.record.state)) {
            return;
        }
        let count = |s: TransferState| {
            u32::try_from(members.iter().filter(|e| e.record.state == s).count())
                .unwrap_or(u32::MAX)
        };
        TransferEvent::BatchFinished {
            batch,
            done: count(TransferState::Done) + count(TransferState::Skipped),
            failed: count(TransferState::Failed),
        }
    };
    shared.emit(event);
}

/// Samples the meters of moving transfers and sends progress.
pub(super) async fn ticker(shared: Arc<Shared>) {
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            _ = shared.shutdown.cancelled() => return,
            _ = interval.tick() => {}
        }
        let updates: Vec<TransferProgress> = {
            let entries = shared.lock();
            entries
                .values()
                .filter(|e| e.run.is_some())
                .filter_map(|e| {
                    let reading = e.meter.read();
                    reading.moved.then(|| TransferProgress {
                        id: e.record.id.clone(),
                        done: reading.done,
                        size: e.record.size,
                        rate: reading.rate,
                        eta_secs: e
                            .record
                            .size
                            .and_then(|s| eta(s.saturating_sub(reading.done), reading.rate)),
                    })
                })
                .collect()
        };
        for progress in updates {
            shared.emit(TransferEvent::Progress { progress });
        }
    }
}
