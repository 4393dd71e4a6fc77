//! The `media_jobs` table: the queue of work on each file's bytes (probe and poster, proxy,
//! waveform) and, once done, where each rendition lives.
//!
//! A job is claimed by moving it from `queued` to `running` in one statement, so two workers
//! never take the same job. The claim is a lease held by one instance (`claimed_by`, renewed
//! while it works): a job still `running` whose lease ran out was left by an instance that
//! died, and the next claim takes it. Writes about a job name its claimant, so an instance that
//! lost its lease (paused too long) cannot record over the one that took the job on. Every later write names the job's storage key as well as its id: a
//! job whose file was deleted (the row is gone) or given new bytes (the key differs) finds no
//! row to update, and its worker stops and throws its output away.

use rushes_api::renditions::{Rendition, RenditionError, RenditionKind, RenditionState};
use rushes_api::Id;
use sqlx::Executor;

use super::time::now_ms;
use super::{Db, Pool};

/// What a job makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// ffprobe's findings and, for video, the poster frame.
    Probe,
    /// The H.264/AAC MP4 that browsers and every webview play.
    Proxy,
    /// Min/max peaks of the sound, for the timeline.
    Waveform,
}

impl JobKind {
    pub const ALL: [Self; 3] = [Self::Probe, Self::Proxy, Self::Waveform];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Probe => "probe",
            Self::Proxy => "proxy",
            Self::Waveform => "waveform",
        }
    }

    /// The stored name read back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Lower runs first: probes are quick and make a file browsable, proxies take long.
    fn priority(self) -> i64 {
        match self {
            Self::Probe => 0,
            Self::Waveform => 1,
            Self::Proxy => 2,
        }
    }
}

/// Stored states.
pub const QUEUED: &str = "queued";
pub const RUNNING: &str = "running";
pub const READY: &str = "ready";
pub const FAILED: &str = "failed";

/// One job as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: Id,
    pub file_id: Id,
    pub storage_key: String,
    pub kind: String,
    pub state: String,
    pub percent: i64,
    pub error_code: Option<String>,
    pub error: Option<String>,
    /// The instance whose worker runs it, while it runs.
    pub claimed_by: Option<String>,
}

impl JobRow {
    /// The kind, or `None` for a name this version does not know.
    pub fn kind(&self) -> Option<JobKind> {
        JobKind::parse(&self.kind)
    }

    /// The job as the API shows it (`None` for a kind or state this version does not know).
    pub fn to_api(&self) -> Option<Rendition> {
        let kind = match self.kind()? {
            JobKind::Probe => RenditionKind::Probe,
            JobKind::Proxy => RenditionKind::Proxy,
            JobKind::Waveform => RenditionKind::Waveform,
        };
        let state = match self.state.as_str() {
            QUEUED => RenditionState::Queued,
            RUNNING => RenditionState::Running,
            READY => RenditionState::Ready,
            FAILED => RenditionState::Failed,
            _ => return None,
        };
        Some(Rendition {
            kind,
            state,
            percent: u8::try_from(self.percent.clamp(0, 100)).unwrap_or(0),
            error_code: self.error_code.as_deref().map(RenditionError::parse),
            error: self.error.clone(),
        })
    }
}

const COLUMNS: &str =
    "id, file_id, storage_key, kind, state, percent, error_code, error, claimed_by";

/// Queues `kind` for the bytes at `storage_key` of file `file_id`, replacing whatever job of
/// that kind the file had. Callers queue for new bytes after [`forget`] has removed the old
/// jobs (and returned their blobs), so no made rendition is overwritten here.
pub async fn queue<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
    storage_key: &str,
    kind: JobKind,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO media_jobs (file_id, storage_key, kind, state, priority, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (file_id, kind) DO UPDATE SET storage_key = excluded.storage_key, \
         state = excluded.state, priority = excluded.priority, percent = 0, error_code = NULL, \
         error = NULL, output_key = NULL, attempts = 0, created_at = excluded.created_at, \
         started_at = NULL, finished_at = NULL",
    )
    .bind(file_id)
    .bind(storage_key)
    .bind(kind.as_str())
    .bind(QUEUED)
    .bind(kind.priority())
    .bind(now_ms())
    .execute(ex)
    .await
    .map(drop)
}

/// Drops every job of file `id` (its bytes changed), returning the blobs they had made.
pub async fn forget<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("DELETE FROM media_jobs WHERE file_id = $1 RETURNING output_key")
        .bind(file_id)
        .fetch_all(ex)
        .await
        .map(|keys: Vec<Option<String>>| keys.into_iter().flatten().collect())
}

/// Takes the next queued job — or a running one whose lease ran out — for `instance`, leased
/// for `lease_ms`. `None` when there is none.
pub async fn claim(
    pool: &Pool,
    instance: &str,
    lease_ms: i64,
) -> Result<Option<JobRow>, sqlx::Error> {
    let takeable = "(state = $5 OR (state = $1 AND lease_until < $2))";
    let sql = format!(
        "UPDATE media_jobs SET state = $1, started_at = $2, attempts = attempts + 1, percent = 0, \
         claimed_by = $3, lease_until = $4 \
         WHERE id = (SELECT id FROM media_jobs WHERE {takeable} ORDER BY priority, id LIMIT 1) \
         AND {takeable} RETURNING {COLUMNS}"
    );
    let now = now_ms();
    sqlx::query_as(&sql)
        .bind(RUNNING)
        .bind(now)
        .bind(instance)
        .bind(now.saturating_add(lease_ms))
        .bind(QUEUED)
        .fetch_optional(pool)
        .await
}

/// Extends the leases of the jobs `instance` is running to `lease_ms` from now.
pub async fn renew(pool: &Pool, instance: &str, lease_ms: i64) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE media_jobs SET lease_until = $1 WHERE claimed_by = $2 AND state = $3")
        .bind(now_ms().saturating_add(lease_ms))
        .bind(instance)
        .bind(RUNNING)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}

/// Puts jobs that were running when the server stopped back in the queue. Only for a single
/// server (SQLite) at start, where every running job was this server's before a stop; the
/// outputs they were writing are removed by the caller's sweep. With several instances the
/// leases do this, job by job.
pub async fn requeue_interrupted(pool: &Pool) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE media_jobs SET state = $1, percent = 0 WHERE state = $2")
        .bind(QUEUED)
        .bind(RUNNING)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}

/// Records progress; `false` when the job is no longer this one (file deleted or new bytes),
/// so the worker stops.
pub async fn progress(pool: &Pool, job: &JobRow, percent: i64) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE media_jobs SET percent = $1 \
         WHERE id = $2 AND storage_key = $3 AND state = $4 AND claimed_by = $5",
    )
    .bind(percent.clamp(0, 100))
    .bind(job.id)
    .bind(&job.storage_key)
    .bind(RUNNING)
    .bind(&job.claimed_by)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Marks the job done with its output blob (if it made one); `false` when the job is no longer
/// this one, and then the output belongs to nobody and is the caller's to remove.
pub async fn succeed<'c>(
    ex: impl Executor<'c, Database = Db>,
    job: &JobRow,
    output_key: Option<&str>,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE media_jobs SET state = $1, percent = 100, output_key = $2, finished_at = $3, \
         error_code = NULL, error = NULL \
         WHERE id = $4 AND storage_key = $5 AND state = $6 AND claimed_by = $7",
    )
    .bind(READY)
    .bind(output_key)
    .bind(now_ms())
    .bind(job.id)
    .bind(&job.storage_key)
    .bind(RUNNING)
    .bind(&job.claimed_by)
    .execute(ex)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Marks the job failed, with a stable code and the tool's own words.
pub async fn fail(pool: &Pool, job: &JobRow, code: &str, why: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE media_jobs SET state = $1, error_code = $2, error = $3, finished_at = $4 \
         WHERE id = $5 AND storage_key = $6 AND state = $7 AND claimed_by = $8",
    )
    .bind(FAILED)
    .bind(code)
    .bind(why)
    .bind(now_ms())
    .bind(job.id)
    .bind(&job.storage_key)
    .bind(RUNNING)
    .bind(&job.claimed_by)
    .execute(pool)
    .await
    .map(drop)
}

/// Queues again every job that failed with `code` (the tools are back after a restart).
pub async fn requeue_failed_with(pool: &Pool, code: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE media_jobs SET state = $1, percent = 0, error_code = NULL, error = NULL, \
         finished_at = NULL WHERE state = $2 AND error_code = $3",
    )
    .bind(QUEUED)
    .bind(FAILED)
    .bind(code)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}

/// Queues a failed job of file `file_id` again; `false` when there is no failed job of that
/// kind (it is queued, running or ready, or was never made).
pub async fn retry(pool: &Pool, file_id: Id, kind: JobKind) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE media_jobs SET state = $1, percent = 0, error_code = NULL, error = NULL, \
         finished_at = NULL, attempts = 0 WHERE file_id = $2 AND kind = $3 AND state = $4",
    )
    .bind(QUEUED)
    .bind(file_id)
    .bind(kind.as_str())
    .bind(FAILED)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The jobs of the files `ids`, by file and kind.
pub async fn of_files<'c>(
    ex: impl Executor<'c, Database = Db>,
    ids: &[Id],
) -> Result<Vec<JobRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM media_jobs WHERE file_id IN ({}) ORDER BY file_id, priority",
        marks.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// The state of file `file_id`'s `kind` job, if it has one.
pub async fn state_of<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
    kind: JobKind,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT state FROM media_jobs WHERE file_id = $1 AND kind = $2")
        .bind(file_id)
        .bind(kind.as_str())
        .fetch_optional(ex)
        .await
}

/// The blob of file `file_id`'s ready `kind` rendition.
pub async fn output_key<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
    kind: JobKind,
) -> Result<Option<String>, sqlx::Error> {
    let key: Option<Option<String>> = sqlx::query_scalar(
        "SELECT output_key FROM media_jobs WHERE file_id = $1 AND kind = $2 AND state = $3",
    )
    .bind(file_id)
    .bind(kind.as_str())
    .bind(READY)
    .fetch_optional(ex)
    .await?;
    Ok(key.flatten())
}
