//! The transfer queue on disk (SQLite in the app's data dir).
//!
//! Everything needed to pick a transfer up after a crash is written before the step that depends
//! on it: the upload path before the first byte is sent, each part's committed offset after the
//! server confirmed it. The database is the queue's only memory; the engine's in-memory view is
//! rebuilt from it at start.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rushes_api::transfers::{OnConflict, TransferDirection, TransferState};
use rushes_api::Id;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};
use sqlx::Row;

use crate::ClientError;

/// Waits before each new try at opening a queue other processes are making too.
const MIGRATION_RETRIES_MS: [u64; 5] = [100, 250, 500, 1000, 2000];

/// One row of `transfers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub position: i64,
    pub direction: TransferDirection,
    pub connection: String,
    pub state: TransferState,
    pub error: Option<(String, String)>,
    pub batch: String,
    pub on_conflict: OnConflict,
    pub local_path: PathBuf,
    pub project_id: Id,
    pub folder_id: Id,
    pub file_id: Option<Id>,
    pub name: String,
    /// The name asked for; `name` may be a numbered variant of it ("keep both").
    pub asked_name: String,
    pub size: Option<u64>,
    pub source_mtime_ns: Option<i64>,
    pub upload_path: Option<String>,
    pub sha256: Option<String>,
    pub done: u64,
    /// An upload the person asked to make the next version of this file, whatever its name.
    pub version_of: Option<Id>,
}

/// One partial upload of a large upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub idx: u32,
    pub start: u64,
    pub len: u64,
    pub upload_path: Option<String>,
    pub done: u64,
}

/// The queue database.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

fn db_err(e: sqlx::Error) -> ClientError {
    ClientError::Queue(e.to_string())
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn direction_str(d: TransferDirection) -> &'static str {
    match d {
        TransferDirection::Upload => "upload",
        TransferDirection::Download => "download",
    }
}

fn conflict_str(c: OnConflict) -> &'static str {
    match c {
        OnConflict::KeepBoth => "keep_both",
        OnConflict::Replace => "replace",
        OnConflict::Skip => "skip",
        OnConflict::NewVersion => "new_version",
    }
}

fn parse_state(s: &str) -> TransferState {
    use TransferState::*;
    [
        Queued, Sending, Finalising, Verifying, Done, Paused, Failed, Cancelled, Skipped,
    ]
    .into_iter()
    .find(|st| st.as_str() == s)
    // An unknown state (a newer app wrote it) is safest treated as paused: nothing runs by
    // itself and the person can resume it.
    .unwrap_or(Paused)
}

impl Store {
    /// Opens (creating if needed) the queue at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, ClientError> {
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|source| ClientError::Io {
                    context: format!("creating {}", dir.display()),
                    source,
                })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(db_err)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true);
        // Other processes (a second command started at the same moment, the app beside a
        // command) may be making the same new queue: switching it to WAL or migrating it, one
        // of them finds it locked, or its CREATE TABLE fails because another got there first.
        // Their work is there by the time we look again; a few tries, further apart (and not in
        // step), cover a handful of processes starting together.
        let mut first = None;
        for wait_ms in MIGRATION_RETRIES_MS {
            match Self::connect(options.clone()).await {
                Ok(store) => return Ok(store),
                Err(e) => {
                    tracing::debug!(error = %e, "opening the queue again");
                    first.get_or_insert(e);
                }
            }
            let jitter = rand::random::<u64>() % (wait_ms / 2 + 1);
            tokio::time::sleep(std::time::Duration::from_millis(wait_ms + jitter)).await;
        }
        Self::connect(options)
            .await
            .map_err(|last| first.unwrap_or(last))
    }

    /// One try at connecting and bringing the schema up to date.
    async fn connect(options: SqliteConnectOptions) -> Result<Self, ClientError> {
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(db_err)?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| ClientError::Queue(e.to_string()))?;
        Ok(Self { pool })
    }

    /// Every transfer, in queue order.
    pub async fn load(&self) -> Result<Vec<Record>, ClientError> {
        let rows = sqlx::query("SELECT * FROM transfers ORDER BY position, created_at")
            .fetch_all(&self.pool)
            .await
            .map_err(db_err)?;
        rows.iter().map(record_from_row).collect()
    }

    /// The next free position at the end of the queue.
    pub async fn next_position(&self) -> Result<i64, ClientError> {
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(position) FROM transfers")
            .fetch_one(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(max.map_or(0, |m| m + 1))
    }

    pub async fn insert(&self, r: &Record) -> Result<(), ClientError> {
        sqlx::query(
            "INSERT INTO transfers (id, position, direction, connection, state, error_code, \
             error_message, batch, on_conflict, local_path, project_id, folder_id, file_id, name, \
             size, source_mtime_ns, upload_path, sha256, done, created_at, asked_name, version_of) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&r.id)
        .bind(r.position)
        .bind(direction_str(r.direction))
        .bind(&r.connection)
        .bind(r.state.as_str())
        .bind(r.error.as_ref().map(|e| e.0.clone()))
        .bind(r.error.as_ref().map(|e| e.1.clone()))
        .bind(&r.batch)
        .bind(conflict_str(r.on_conflict))
        .bind(r.local_path.to_string_lossy().into_owned())
        .bind(r.project_id)
        .bind(r.folder_id)
        .bind(r.file_id)
        .bind(&r.name)
        .bind(r.size.map(to_i64))
        .bind(r.source_mtime_ns)
        .bind(&r.upload_path)
        .bind(&r.sha256)
        .bind(to_i64(r.done))
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(&r.asked_name)
        .bind(r.version_of)
        .execute(&self.pool)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    /// Writes every mutable field of `r` (state, progress, what the server assigned).
    pub async fn save(&self, r: &Record) -> Result<(), ClientError> {
        sqlx::query(
            "UPDATE transfers SET position = ?, state = ?, error_code = ?, error_message = ?, \
             local_path = ?, file_id = ?, name = ?, size = ?, source_mtime_ns = ?, \
             upload_path = ?, sha256 = ?, done = ? WHERE id = ?",
        )
        .bind(r.position)
        .bind(r.state.as_str())
        .bind(r.error.as_ref().map(|e| e.0.clone()))
        .bind(r.error.as_ref().map(|e| e.1.clone()))
        .bind(r.local_path.to_string_lossy().into_owned())
        .bind(r.file_id)
        .bind(&r.name)
        .bind(r.size.map(to_i64))
        .bind(r.source_mtime_ns)
        .bind(&r.upload_path)
        .bind(&r.sha256)
        .bind(to_i64(r.done))
        .bind(&r.id)
        .execute(&self.pool)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    /// Marks every unfinished transfer paused, so an engine opened next starts nothing by
    /// itself (the command line resumes only what its command asks for).
    pub async fn pause_unfinished(&self) -> Result<(), ClientError> {
        sqlx::query(
            "UPDATE transfers SET state = 'paused' \
             WHERE state IN ('queued', 'sending', 'finalising', 'verifying')",
        )
        .execute(&self.pool)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    pub async fn delete(&self, id: &str) -> Result<(), ClientError> {
        sqlx::query("DELETE FROM transfers WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// The parts of a transfer, in order.
    pub async fn parts(&self, id: &str) -> Result<Vec<Part>, ClientError> {
        let rows = sqlx::query(
            "SELECT idx, start, len, upload_path, done FROM transfer_parts \
             WHERE transfer_id = ? ORDER BY idx",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter()
            .map(|row| {
                Ok(Part {
                    idx: u32::try_from(row.try_get::<i64, _>("idx").map_err(db_err)?).unwrap_or(0),
                    start: to_u64(row.try_get("start").map_err(db_err)?),
                    len: to_u64(row.try_get("len").map_err(db_err)?),
                    upload_path: row.try_get("upload_path").map_err(db_err)?,
                    done: to_u64(row.try_get("done").map_err(db_err)?),
                })
            })
            .collect()
    }

    /// Replaces the part list of a transfer (a fresh start, or the first one).
    pub async fn set_parts(&self, id: &str, parts: &[Part]) -> Result<(), ClientError> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        sqlx::query("DELETE FROM transfer_parts WHERE transfer_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        for p in parts {
            sqlx::query(
                "INSERT INTO transfer_parts (transfer_id, idx, start, len, upload_path, done) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(i64::from(p.idx))
            .bind(to_i64(p.start))
            .bind(to_i64(p.len))
            .bind(&p.upload_path)
            .bind(to_i64(p.done))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }

    /// Records a part's upload path or committed offset.
    pub async fn save_part(&self, id: &str, part: &Part) -> Result<(), ClientError> {
        sqlx::query(
            "UPDATE transfer_parts SET upload_path = ?, done = ? WHERE transfer_id = ? AND idx = ?",
        )
        .bind(&part.upload_path)
        .bind(to_i64(part.done))
        .bind(id)
        .bind(i64::from(part.idx))
        .execute(&self.pool)
        .await
        .map_err(db_err)?;
        Ok(())
    }
}

fn record_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Record, ClientError> {
    let get_str = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let direction = match get_str("direction")?.as_str() {
        "download" => TransferDirection::Download,
        _ => TransferDirection::Upload,
    };
    let on_conflict = match get_str("on_conflict")?.as_str() {
        "replace" => OnConflict::Replace,
        "skip" => OnConflict::Skip,
        "new_version" => OnConflict::NewVersion,
        _ => OnConflict::KeepBoth,
    };
    let code: Option<String> = row.try_get("error_code").map_err(db_err)?;
    let message: Option<String> = row.try_get("error_message").map_err(db_err)?;
    Ok(Record {
        id: get_str("id")?,
        position: row.try_get("position").map_err(db_err)?,
        direction,
        connection: get_str("connection")?,
        state: parse_state(&get_str("state")?),
        error: code.map(|c| (c, message.unwrap_or_default())),
        batch: get_str("batch")?,
        on_conflict,
        local_path: PathBuf::from(get_str("local_path")?),
        project_id: row.try_get("project_id").map_err(db_err)?,
        folder_id: row.try_get("folder_id").map_err(db_err)?,
        file_id: row.try_get("file_id").map_err(db_err)?,
        asked_name: row
            .try_get::<Option<String>, _>("asked_name")
            .map_err(db_err)?
            .map_or_else(|| get_str("name"), Ok)?,
        name: get_str("name")?,
        size: row
            .try_get::<Option<i64>, _>("size")
            .map_err(db_err)?
            .map(to_u64),
        source_mtime_ns: row.try_get("source_mtime_ns").map_err(db_err)?,
        upload_path: row.try_get("upload_path").map_err(db_err)?,
        sha256: row.try_get("sha256").map_err(db_err)?,
        done: to_u64(row.try_get("done").map_err(db_err)?),
        version_of: row.try_get("version_of").map_err(db_err)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn several_processes_opening_a_new_queue_at_once_all_get_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("queue.db");
        // Separate pools stand in for separate processes: each migrates on its own.
        let opened = futures_util::future::join_all((0..8).map(|_| Store::open(&path))).await;
        for store in opened {
            store.unwrap().load().await.unwrap();
        }
    }
}
