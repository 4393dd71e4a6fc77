//! Row ids are never handed out twice.
//!
//! SQLite's `INTEGER PRIMARY KEY` gives a new row the largest id in use plus one, so deleting
//! the newest row let the next one take its id: a client still holding the old id (a resumed
//! upload, a queued download) then reached an unrelated row. `AUTOINCREMENT` keeps the largest
//! id ever given out (in `sqlite_sequence`) and never goes back. PostgreSQL's identity columns
//! never reuse ids either.
//!
//! SQLite cannot add `AUTOINCREMENT` to an existing table, and the tables of the first
//! migrations were made without it, so each is rebuilt once: made anew from its own stored
//! `CREATE TABLE` (whatever columns migrations added since), filled with the same rows and ids,
//! the old one dropped and the new one renamed into place, its indexes made again. Foreign keys
//! must be off while the old tables are dropped, or dropping one would cascade into the rows
//! that refer to it; that pragma is a no-op inside a transaction, and sqlx runs every migration
//! in one, so this runs beside the migrations, on a connection of its own, in one transaction of
//! its own: all tables or none.

use sqlx::Connection;

/// Tables whose id is an `INTEGER PRIMARY KEY` without `AUTOINCREMENT`.
const NOT_YET: &str = "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
     AND sql LIKE '%INTEGER PRIMARY KEY%' AND sql NOT LIKE '%AUTOINCREMENT%' ORDER BY name";

/// Rebuilds every table that could still reuse ids. Does nothing once done.
pub async fn never_reuse_ids(pool: &sqlx::SqlitePool) -> Result<(), sqlx::Error> {
    let waiting: Vec<(String, String)> = sqlx::query_as(NOT_YET).fetch_all(pool).await?;
    if waiting.is_empty() {
        return Ok(());
    }
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let rebuilt = rebuild(&mut conn).await;
    let restored = sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await;
    let tables = rebuilt?;
    restored?;
    if tables > 0 {
        tracing::info!(tables, "tables rebuilt so that ids are never reused");
    }
    Ok(())
}

/// The rebuild, in one transaction that holds the write lock from the start (another process
/// opening the same database waits, then finds nothing left to do).
async fn rebuild(conn: &mut sqlx::SqliteConnection) -> Result<usize, sqlx::Error> {
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let waiting: Vec<(String, String)> = sqlx::query_as(NOT_YET).fetch_all(&mut *tx).await?;
    for (table, create) in &waiting {
        let indexes: Vec<String> = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 \
             AND sql IS NOT NULL",
        )
        .bind(table)
        .fetch_all(&mut *tx)
        .await?;
        let interim = format!("{table}_rebuilt");
        let Some(new) = autoincrement_copy(create, &interim) else {
            return Err(sqlx::Error::Protocol(format!(
                "cannot read the definition of table {table}"
            )));
        };
        sqlx::query(&new).execute(&mut *tx).await?;
        sqlx::query(&format!(
            r#"INSERT INTO "{interim}" SELECT * FROM "{table}""#
        ))
        .execute(&mut *tx)
        .await?;
        sqlx::query(&format!(r#"DROP TABLE "{table}""#))
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!(r#"ALTER TABLE "{interim}" RENAME TO "{table}""#))
            .execute(&mut *tx)
            .await?;
        for index in indexes {
            sqlx::query(&index).execute(&mut *tx).await?;
        }
    }
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut *tx)
        .await?;
    if !broken.is_empty() {
        return Err(sqlx::Error::Protocol(format!(
            "rebuilding the tables would break references in {broken:?}"
        )));
    }
    tx.commit().await?;
    Ok(waiting.len())
}

/// `create` (a stored `CREATE TABLE name (...)`) for a table called `name` whose id is
/// `AUTOINCREMENT`; `None` when it does not have that shape.
fn autoincrement_copy(create: &str, name: &str) -> Option<String> {
    let columns = &create[create.find('(')?..];
    let columns = columns.replacen(
        "INTEGER PRIMARY KEY",
        "INTEGER PRIMARY KEY AUTOINCREMENT",
        1,
    );
    Some(format!(r#"CREATE TABLE "{name}" {columns}"#))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_keeps_every_column_and_adds_autoincrement() {
        let made = autoincrement_copy(
            "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    email TEXT NOT NULL\n, extra TEXT)",
            "users_rebuilt",
        )
        .unwrap();
        assert_eq!(
            made,
            "CREATE TABLE \"users_rebuilt\" (\n    id INTEGER PRIMARY KEY AUTOINCREMENT,\n    email TEXT NOT NULL\n, extra TEXT)"
        );
        assert!(autoincrement_copy("nonsense", "x").is_none());
    }
}
