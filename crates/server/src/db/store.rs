//! Opening the database: SQLite in the data dir, or PostgreSQL at a URL; pool settings, and
//! migrations embedded in the binary.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Executor as _;

use super::Pool;
use crate::ServerError;

/// The database file inside the data dir.
pub const DATABASE_FILE: &str = "rushes.db";

/// How long a writer waits for another before giving up; SQLite allows one writer at a time.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Enough for the server's concurrency; SQLite serialises writes anyway.
const MAX_CONNECTIONS: u32 = 8;

/// What a SQLite path needs escaped to be the path of a `sqlite://` URL: `?` and `#` would
/// start its query or fragment, `%` an escape.
const SQLITE_PATH: &AsciiSet = &CONTROLS.add(b' ').add(b'?').add(b'#').add(b'%');

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine behind `pool`.
    pub fn of(pool: &Pool) -> Self {
        if pool.connect_options().database_url.scheme() == "sqlite" {
            Self::Sqlite
        } else {
            Self::Postgres
        }
    }
}

/// Where a server keeps its metadata: the data dir's `rushes.db` (SQLite), or the database at
/// `database_url` (`postgres://…`; a `sqlite:` URL names another SQLite file). Files' bytes are
/// in the data dir either way.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseAt<'a> {
    pub data_dir: &'a Path,
    pub database_url: Option<&'a str>,
}

impl<'a> From<&'a Path> for DatabaseAt<'a> {
    fn from(data_dir: &'a Path) -> Self {
        Self {
            data_dir,
            database_url: None,
        }
    }
}

impl<'a> From<&'a PathBuf> for DatabaseAt<'a> {
    fn from(data_dir: &'a PathBuf) -> Self {
        Self::from(data_dir.as_path())
    }
}

impl<'a> From<&'a crate::ServerConfig> for DatabaseAt<'a> {
    fn from(config: &'a crate::ServerConfig) -> Self {
        Self {
            data_dir: &config.data_dir,
            database_url: config.database_url.as_deref(),
        }
    }
}

/// The server's database. Cheap to clone: it is a handle to a connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Opens (creating when missing) `<data_dir>/rushes.db` and applies pending migrations.
    pub async fn open(data_dir: &Path) -> Result<Self, ServerError> {
        Self::open_at(data_dir.into()).await
    }

    /// Opens the database `at` names, creating the data dir (and a SQLite file) when missing,
    /// and applies pending migrations.
    pub async fn open_at(at: DatabaseAt<'_>) -> Result<Self, ServerError> {
        std::fs::create_dir_all(at.data_dir).map_err(|source| ServerError::DataDir {
            path: at.data_dir.to_path_buf(),
            source,
        })?;
        sqlx::any::install_default_drivers();
        match at.database_url {
            None => Self::open_sqlite(sqlite_file(at.data_dir)).await,
            Some(url) if url.starts_with("sqlite:") => {
                Self::open_sqlite(SqliteConnectOptions::from_str(url)?).await
            }
            Some(url) => Self::open_postgres(url).await,
        }
    }

    /// SQLite. WAL lets readers work while one request writes, and the busy timeout makes
    /// concurrent writers (a running server and an offline command line task) wait instead of
    /// failing.
    ///
    /// Migrations and the id rebuild (`ids.rs`) run first on a pool of SQLite's own type, as
    /// they always have (the rebuild needs SQLite's catalogue); the store then keeps a pool of
    /// the `Any` driver on the same file, every connection of which gets the same pragmas.
    async fn open_sqlite(options: SqliteConnectOptions) -> Result<Self, ServerError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let setup = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options.clone())
            .await?;
        let prepared = async {
            sqlx::migrate!("./migrations").run(&setup).await?;
            super::ids::never_reuse_ids(&setup).await?;
            Ok::<_, ServerError>(())
        }
        .await;
        setup.close().await;
        prepared?;

        let path = options.get_filename().to_string_lossy().into_owned();
        let url = format!("sqlite://{}", utf8_percent_encode(&path, SQLITE_PATH));
        let busy_ms = BUSY_TIMEOUT.as_millis();
        let pool = AnyPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    // The pragmas of `options`, which an `Any` connection does not take.
                    conn.execute(format!("PRAGMA busy_timeout = {busy_ms}").as_str())
                        .await?;
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Self { pool })
    }

    /// PostgreSQL, with its own migrations (`migrations-postgres/`). sqlx takes an advisory
    /// lock while migrating, so instances starting together migrate once.
    #[cfg(feature = "postgres")]
    async fn open_postgres(url: &str) -> Result<Self, ServerError> {
        let pool = AnyPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations-postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    #[cfg(not(feature = "postgres"))]
    async fn open_postgres(url: &str) -> Result<Self, ServerError> {
        let scheme = url.split(':').next().unwrap_or_default();
        Err(ServerError::Database(sqlx::Error::Configuration(
            format!("this build supports only SQLite databases, not {scheme}:").into(),
        )))
    }

    /// The connection pool, for the repository functions.
    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Which engine the store runs on.
    pub fn engine(&self) -> Engine {
        Engine::of(&self.pool)
    }

    /// Waits for running queries and closes every connection, so the WAL is checkpointed.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The options of the data dir's `rushes.db`.
fn sqlite_file(data_dir: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new().filename(data_dir.join(DATABASE_FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every connection of the pool, not only the first, has the pragmas: the `Any` driver
    /// does not carry them over from `SqliteConnectOptions`.
    #[tokio::test]
    async fn sqlite_connections_keep_foreign_keys_wal_and_the_busy_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        assert_eq!(store.engine(), Engine::Sqlite);
        let pool = store.pool();
        let mut held = Vec::new();
        for _ in 0..3 {
            let mut conn = pool.acquire().await.unwrap();
            let keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(
                (keys, journal.as_str(), busy, synchronous),
                (1, "wal", 10_000, 1)
            );
            held.push(conn);
        }
        // And a delete cascades, which it only does with foreign keys on.
        sqlx::query(
            "INSERT INTO users (email, name, created_at, updated_at) VALUES ('a@b', 'a', 0, 0)",
        )
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO api_keys (user_id, name, prefix, secret_hash, created_at) \
             SELECT id, 'k', 'rk_x', 'h', 0 FROM users",
        )
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("DELETE FROM users")
            .execute(pool)
            .await
            .unwrap();
        let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_keys")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(keys, 0);
        drop(held);
        store.close().await;
    }

    /// A data dir whose path needs escaping in a URL opens all the same.
    #[tokio::test]
    async fn a_data_dir_with_url_characters_in_its_path_opens() {
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("a dir?with #odd %20 chars");
        let store = Store::open(&odd).await.unwrap();
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(users, 0);
        store.close().await;
        assert!(odd.join(DATABASE_FILE).exists());
    }
}
