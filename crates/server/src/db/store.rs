//! Opening the data dir's database: pool settings, and migrations embedded in the binary.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::Pool;
use crate::ServerError;

/// The database file inside the data dir.
pub const DATABASE_FILE: &str = "rushes.db";

/// How long a writer waits for another before giving up; SQLite allows one writer at a time.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Enough for the server's concurrency; SQLite serialises writes anyway.
const MAX_CONNECTIONS: u32 = 8;

/// The server's database. Cheap to clone: it is a handle to a connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Opens (creating when missing) `<data_dir>/rushes.db` and applies pending migrations.
    ///
    /// WAL lets readers work while one request writes, and the busy timeout makes concurrent
    /// writers (a running server and an offline command line task) wait instead of failing.
    pub async fn open(data_dir: &Path) -> Result<Self, ServerError> {
        std::fs::create_dir_all(data_dir).map_err(|source| ServerError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(data_dir.join(DATABASE_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        super::ids::never_reuse_ids(&pool).await?;
        Ok(Self { pool })
    }

    /// The connection pool, for the repository functions.
    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Waits for running queries and closes every connection, so the WAL is checkpointed.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
