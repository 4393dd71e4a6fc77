//! Storage: one repository module per table, plus the [`Store`] that opens the database.
//!
//! Queries are written once in SQL that SQLite and PostgreSQL both accept (`$n` placeholders,
//! `RETURNING`, no engine-specific functions); see `docs/architecture/database.md`. Repository
//! functions take any executor, so they run on the pool or inside a transaction alike.

pub mod activation;
pub mod activity;
pub mod actor;
pub mod api_keys;
mod builder;
pub mod comments;
pub mod cookie_sessions;
pub mod files;
mod flag;
pub mod folders;
pub mod grants;
pub mod guest_sessions;
mod ids;
pub mod invitations;
pub mod listing;
pub mod login_failures;
pub mod media_jobs;
pub mod metadata;
pub mod oauth_apps;
pub mod oauth_authorizations;
pub mod oauth_codes;
pub mod oauth_sessions;
pub mod projects;
pub mod rehash;
pub mod review_links;
pub mod server_keys;
mod store;
pub mod technical;
pub mod time;
pub mod tokens;
pub mod uploads;
pub mod usage;
pub mod user_admin;
pub mod users;
pub mod versions;
pub mod visits;
pub mod web_sessions;
mod window;

pub use builder::QueryBuilder;
pub use flag::Flag;
pub use store::{DatabaseAt, Engine, Store};
pub use window::Window;

/// The database the repository functions run on: sqlx's `Any`, which is SQLite or PostgreSQL as
/// the store was opened (see `docs/architecture/database.md`).
pub type Db = sqlx::Any;
/// A connection pool of [`Db`].
pub type Pool = sqlx::Pool<Db>;

/// Starts a transaction that will write. SQLite's plain `BEGIN` takes the write lock only at the
/// first write, and a reader that then wants to write while another connection writes is told
/// "database is locked" at once — the busy timeout does not apply to that upgrade. `BEGIN
/// IMMEDIATE` takes the lock up front, so concurrent writers wait their turn instead of failing.
///
/// PostgreSQL has no `IMMEDIATE`, and its plain `BEGIN` lets two writers read the same state
/// and both act on it (two new versions reading the same highest number). The code here is
/// written for one writer at a time, so on PostgreSQL a writing transaction starts by taking a
/// transaction-scoped advisory lock, [`WRITE_LOCK`], held until it commits or rolls back: the
/// writers of every instance on the database take turns, as on SQLite. Readers never wait.
pub async fn begin_write(pool: &Pool) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    if Engine::of(pool) == Engine::Sqlite {
        return pool.begin_with("BEGIN IMMEDIATE").await;
    }
    let mut tx = pool.begin().await?;
    // The lock function returns `void`, which the `Any` driver cannot read; the outer query
    // returns a plain integer instead.
    sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS writer")
        .bind(WRITE_LOCK)
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// The PostgreSQL advisory lock key of [`begin_write`] ("rushes:w" as a number).
pub const WRITE_LOCK: i64 = 0x7275_7368_6573_3a77;

/// Whether `e` is a unique-constraint violation, so a caller can answer "name taken" instead of
/// failing. `sqlx` classifies this for every engine.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
