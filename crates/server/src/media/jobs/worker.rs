//! Running one claimed job: its own work directory, the job's kind, and recording how it ended
//! (only if the job is still the file's current one; otherwise its output is thrown away).

use std::path::{Path, PathBuf};

use rushes_api::renditions::RenditionError;

use super::{probe, proxy, waveform};
use crate::config::MediaTools;
use crate::db::media_jobs::{self, JobKind, JobRow};
use crate::db::technical::{self, MediaRow};
use crate::db::Pool;
use crate::media::confine::Confinement;
use crate::media::MediaStore;

/// What every worker shares.
#[derive(Debug)]
pub(super) struct Worker {
    pub pool: Pool,
    pub store: MediaStore,
    pub tools: MediaTools,
    /// How the tools run; `None` when they are missing.
    pub confinement: Option<Confinement>,
    /// This instance's name in the jobs it claims (random per start).
    pub instance: String,
    /// Jobs this instance is running now: leases are renewed only while there are some, so an
    /// idle server (the app's local library above all) writes nothing.
    pub running: std::sync::atomic::AtomicUsize,
}

/// One job being run, and what it may use.
pub(super) struct Job<'a> {
    pub pool: &'a Pool,
    pub store: &'a MediaStore,
    pub tools: &'a MediaTools,
    pub how: &'a Confinement,
    pub row: &'a JobRow,
    /// The bytes the job works on.
    pub source: PathBuf,
    /// The job's own directory for outputs in the making (removed when it ends).
    pub work: &'a Path,
}

impl Job<'_> {
    /// What the probe found about the job's file (all `None` when it found nothing).
    pub async fn facts(&self) -> Result<MediaRow, Ended> {
        Ok(technical::by_file(self.pool, self.row.file_id)
            .await
            .map_err(Ended::failed)?
            .unwrap_or_default())
    }
}

/// A job that ran to its end.
#[derive(Debug, Default)]
pub(super) struct Made {
    /// The blob it made, if any.
    pub output: Option<String>,
    /// Jobs to queue for the same bytes once this one is recorded.
    pub then: Vec<JobKind>,
}

/// A job that did not make anything.
#[derive(Debug)]
pub(super) enum Ended {
    /// The file was deleted or got new bytes: nothing to record.
    Stale,
    /// It failed, with a stable code and words for people.
    Failed(RenditionError, String),
}

impl Ended {
    pub fn failed(why: impl std::fmt::Display) -> Self {
        Self::Failed(RenditionError::Failed, why.to_string())
    }
}

impl Worker {
    /// Runs `row` and records the result. Errors are recorded on the job or logged, never
    /// returned: one bad file must not stop the queue.
    pub async fn run(&self, row: JobRow) {
        let result = self.attempt(&row).await;
        let work = self.work_dir(&row);
        if let Err(e) = tokio::fs::remove_dir_all(&work).await {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(error = %e, path = %work.display(), "media job left its work dir");
            }
        }
        match result {
            Ok(made) => self.record(&row, made).await,
            Err(Ended::Stale) => {
                tracing::info!(
                    job = row.id,
                    file_id = row.file_id,
                    "media job no longer needed"
                )
            }
            Err(Ended::Failed(code, why)) => {
                tracing::info!(job = row.id, file_id = row.file_id, kind = row.kind, %why, "media job failed");
                if let Err(e) = media_jobs::fail(&self.pool, &row, code.as_str(), &why).await {
                    tracing::warn!(job = row.id, error = %e, "could not record a failed job");
                }
            }
        }
    }

    fn work_dir(&self, row: &JobRow) -> PathBuf {
        self.store.work_dir().join(row.id.to_string())
    }

    async fn attempt(&self, row: &JobRow) -> Result<Made, Ended> {
        let Some(how) = &self.confinement else {
            return Err(Ended::Failed(
                RenditionError::NoTools,
                "ffmpeg and ffprobe are not installed on the server".into(),
            ));
        };
        let Some(kind) = row.kind() else {
            return Err(Ended::failed(format!("unknown job kind {}", row.kind)));
        };
        let source = self.store.path(&row.storage_key).map_err(Ended::failed)?;
        let work = self.work_dir(row);
        // A job taken over from an instance that died finds that instance's half-written output.
        match tokio::fs::remove_dir_all(&work).await {
            Ok(()) => tracing::info!(job = row.id, "removed the output of an abandoned attempt"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Ended::failed(format!("work directory: {e}"))),
        }
        tokio::fs::create_dir_all(&work)
            .await
            .map_err(|e| Ended::failed(format!("work directory: {e}")))?;
        let job = Job {
            pool: &self.pool,
            store: &self.store,
            tools: &self.tools,
            how,
            row,
            source,
            work: &work,
        };
        match kind {
            JobKind::Probe => probe::run(&job).await,
            JobKind::Proxy => proxy::run(&job).await,
            JobKind::Waveform => waveform::run(&job).await,
        }
    }

    /// Marks the job ready and queues what follows it, in one transaction; when the job is no
    /// longer the file's (deleted, new bytes), its output is removed instead.
    async fn record(&self, row: &JobRow, made: Made) {
        let recorded = async {
            let mut tx = crate::db::begin_write(&self.pool).await?;
            if !media_jobs::succeed(&mut *tx, row, made.output.as_deref()).await? {
                return Ok::<_, sqlx::Error>(false);
            }
            for kind in &made.then {
                media_jobs::queue(&mut *tx, row.file_id, &row.storage_key, *kind).await?;
            }
            tx.commit().await?;
            Ok(true)
        }
        .await;
        match recorded {
            Ok(true) => {}
            Ok(false) => {
                tracing::info!(
                    job = row.id,
                    file_id = row.file_id,
                    "media job no longer needed"
                );
                self.store.remove(made.output.into_iter().collect()).await;
            }
            Err(e) => {
                tracing::warn!(job = row.id, error = %e, "could not record a finished job");
                self.store.remove(made.output.into_iter().collect()).await;
            }
        }
    }
}
