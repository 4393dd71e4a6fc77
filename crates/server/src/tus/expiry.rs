//! The expiration extension: uploads without progress for the configured time are removed by a
//! periodic sweep (and one at start, which also removes staging files a crash orphaned).

use std::collections::HashSet;
use std::time::Duration;

use tokio::task::JoinHandle;

use super::{Tus, TusError};
use crate::db::time::now_ms;
use crate::db::uploads;

/// Expired uploads removed per query, so a backlog never becomes one huge statement.
const BATCH: i64 = 100;

/// Removes expired uploads, then staging files no upload owns. Runs before the server accepts
/// requests, so no upload can be in the middle of being created.
pub async fn at_start(tus: &Tus) -> Result<(), TusError> {
    let finished = super::finish::recover(tus).await?;
    if finished > 0 {
        tracing::info!(finished, "finished uploads a stop had left complete");
    }
    sweep_expired(tus).await?;
    let known: HashSet<String> = uploads::all_ids(tus.pool()).await?.into_iter().collect();
    let orphans = tus.staging.sweep(&known).await?;
    if orphans > 0 {
        tracing::info!(orphans, "removed staging files of vanished uploads");
    }
    Ok(())
}

/// Removes every upload whose time ran out (skipping one that is being written right now: it is
/// not idle). Returns how many went.
pub async fn sweep_expired(tus: &Tus) -> Result<usize, TusError> {
    let mut removed = 0;
    loop {
        let rows = uploads::expired(tus.pool(), now_ms(), BATCH).await?;
        let mut progressed = false;
        for row in &rows {
            let Ok(_guard) = tus.locks.try_lock(&row.id).await else {
                continue;
            };
            match super::terminate::discard(tus, row).await {
                Ok(()) => {}
                // Being handed over to its file right now: not idle.
                Err(TusError::Locked) => continue,
                Err(e) => return Err(e),
            }
            removed += 1;
            progressed = true;
        }
        if rows.len() < usize::try_from(BATCH).unwrap_or(usize::MAX) || !progressed {
            break;
        }
    }
    if removed > 0 {
        tracing::info!(removed, "expired uploads removed");
    }
    Ok(removed)
}

/// Runs [`sweep_expired`] periodically: a few times per expiry period, at least hourly.
pub fn spawn(tus: Tus) -> JoinHandle<()> {
    let every = (tus.expiry / 4).clamp(Duration::from_millis(100), Duration::from_secs(3600));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks.tick().await;
        loop {
            ticks.tick().await;
            if let Err(e) = sweep_expired(&tus).await {
                tracing::warn!(error = %e, "expired uploads not removed");
            }
        }
    })
}
