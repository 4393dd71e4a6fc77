//! The media job queue: workers that take jobs from the `media_jobs` table (probe and poster,
//! proxy, waveform) and record what they made.
//!
//! The queue is rows, not memory: a job queued when an upload finishes is committed with the
//! upload, survives a restart (a job that was running is queued again and its half-written
//! output, kept in the store's work directory, is removed at start), and is seen by every worker.
//! A fixed number of workers (`--media-jobs`, default 1) run jobs at the lowest CPU priority, so
//! a burst of uploads never starts a burst of encoders and requests stay fast.
//!
//! Several instances on one PostgreSQL database may all run jobs: each claims a job with a
//! lease (`--media-job-lease`, default 30 s) that it renews while the job runs, and a job whose
//! lease ran out — its instance died — is taken on by the next worker that looks, which starts
//! it over in a clean work directory. On SQLite there is one instance, which at start queues
//! again what it was running before a stop and clears the work directory at once.
//!
//! Without ffprobe/ffmpeg every job fails at once with `no_tools`, so the UI can say that review
//! needs them; when they are back at the next start those jobs are queued again.

mod mix;
mod probe;
mod progress;
mod proxy;
mod waveform;
mod worker;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::process::Command;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::confine::Confinement;
use super::MediaStore;
use crate::config::MediaTools;
use crate::db::{media_jobs, Engine, Pool};
use worker::Worker;

/// How often an idle worker looks at the queue without being woken (jobs another process
/// queued, a retry through another instance).
const IDLE_POLL: Duration = Duration::from_secs(5);

/// Wakes the workers when jobs are queued. Cheap to clone; when the last clone is dropped (the
/// server stops) the workers stop and a running tool is killed.
#[derive(Debug, Clone)]
pub struct MediaJobs {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    wake: Arc<Notify>,
    stop: CancellationToken,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl MediaJobs {
    /// Clears what interrupted jobs left, queues them again, and starts the workers. With no
    /// workers (`--media-jobs 0`, an instance beside one that runs the jobs) it leaves the queue
    /// and the work directory alone: another instance's running job is not interrupted.
    pub async fn start(pool: Pool, store: MediaStore, tools: MediaTools) -> Self {
        if tools.workers == 0 {
            tracing::info!("media jobs run on another instance (--media-jobs 0)");
            return Self {
                inner: Arc::new(Inner {
                    wake: Arc::new(Notify::new()),
                    stop: CancellationToken::new(),
                }),
            };
        }
        // Only a lone server may take every running job for its own interrupted one; beside
        // other instances the leases tell which are abandoned.
        if Engine::of(&pool) == Engine::Sqlite {
            match store.clear_work().await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(removed = n, "removed the outputs of interrupted media jobs")
                }
                Err(e) => tracing::warn!(error = %e, "could not clear the media work directory"),
            }
            match media_jobs::requeue_interrupted(&pool).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(jobs = n, "media jobs interrupted by a stop run again"),
                Err(e) => tracing::warn!(error = %e, "could not queue interrupted media jobs"),
            }
        }
        let available = tools_work(&tools).await;
        let confinement = if available {
            let code = rushes_api::renditions::RenditionError::NoTools.as_str();
            if let Err(e) = media_jobs::requeue_failed_with(&pool, code).await {
                tracing::warn!(error = %e, "could not queue jobs that waited for ffmpeg");
            }
            Some(Confinement::choose(&[&tools.ffprobe, &tools.ffmpeg]).await)
        } else {
            tracing::info!("ffprobe/ffmpeg not found: no technical metadata, posters or proxies");
            None
        };
        let wake = Arc::new(Notify::new());
        let stop = CancellationToken::new();
        let worker = Arc::new(Worker {
            pool,
            store,
            tools: tools.clone(),
            confinement,
            instance: crate::random::random_string(12),
            running: Default::default(),
        });
        {
            let (worker, stop) = (worker.clone(), stop.clone());
            tokio::spawn(async move { stop.run_until_cancelled(renew(worker)).await });
        }
        for _ in 0..tools.workers {
            let (worker, wake, stop) = (worker.clone(), wake.clone(), stop.clone());
            tokio::spawn(async move { stop.run_until_cancelled(work(worker, wake)).await });
        }
        Self {
            inner: Arc::new(Inner { wake, stop }),
        }
    }

    /// Tells idle workers that jobs were queued.
    pub fn wake(&self) {
        self.inner.wake.notify_waiters();
    }
}

/// One worker: takes the next job, runs it, and waits for a wake-up (or the poll) when there is
/// none.
async fn work(worker: Arc<Worker>, wake: Arc<Notify>) {
    loop {
        // Registered before looking, so a wake-up between the look and the wait is not lost.
        let woken = wake.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        match media_jobs::claim(&worker.pool, &worker.instance, lease_ms(&worker.tools)).await {
            Ok(Some(job)) => {
                worker.running.fetch_add(1, Ordering::SeqCst);
                worker.run(job).await;
                worker.running.fetch_sub(1, Ordering::SeqCst);
                // Follow-up jobs (proxy, waveform after a probe) are taken at once.
                wake.notify_waiters();
            }
            Ok(None) => {
                let _ = tokio::time::timeout(IDLE_POLL, woken).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not take a media job");
                tokio::time::sleep(IDLE_POLL).await;
            }
        }
    }
}

/// Keeps the leases of this instance's running jobs ahead of the clock: renewed three times per
/// lease, so one late renewal never lets a live job go.
async fn renew(worker: Arc<Worker>) {
    let every = worker.tools.lease / 3;
    loop {
        tokio::time::sleep(every).await;
        if worker.running.load(Ordering::SeqCst) == 0 {
            continue;
        }
        if let Err(e) =
            media_jobs::renew(&worker.pool, &worker.instance, lease_ms(&worker.tools)).await
        {
            tracing::warn!(error = %e, "could not renew the leases of running media jobs");
        }
    }
}

fn lease_ms(tools: &MediaTools) -> i64 {
    i64::try_from(tools.lease.as_millis()).unwrap_or(i64::MAX)
}

async fn tools_work(tools: &MediaTools) -> bool {
    for tool in [&tools.ffprobe, &tools.ffmpeg] {
        let ok = Command::new(tool)
            .arg("-version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .await
            .is_ok_and(|s| s.success());
        if !ok {
            return false;
        }
    }
    true
}
