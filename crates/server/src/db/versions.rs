//! The versions of an entry: the `files` rows sharing a `stack_id`, which of them is the head,
//! and each version's approval status.

use std::collections::HashMap;

use rushes_api::approval::ApprovalStatus;
use rushes_api::Id;
use sqlx::Executor;

use super::comments::Writer;
use super::files::{FileRow, PENDING, READY, SELECT};
use super::{Db, Pool};

/// How many versions with complete bytes each of `stacks` has.
pub async fn ready_counts(pool: &Pool, stacks: &[Id]) -> Result<HashMap<Id, i32>, sqlx::Error> {
    if stacks.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (1..=stacks.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT stack_id, COUNT(*) FROM files WHERE state = '{READY}' AND stack_id IN ({}) \
         GROUP BY stack_id",
        marks.join(", ")
    );
    let mut query = sqlx::query_as::<_, (Id, i64)>(&sql);
    for id in stacks {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, i32::try_from(n).unwrap_or(i32::MAX)))
        .collect())
}

/// Every version of stack `stack_id`, newest first, pending ones included.
pub async fn of_stack<'c>(
    ex: impl Executor<'c, Database = Db>,
    stack_id: Id,
) -> Result<Vec<FileRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE f.stack_id = $1 ORDER BY f.version DESC");
    sqlx::query_as(&sql).bind(stack_id).fetch_all(ex).await
}

/// The columns of a new version.
#[derive(Debug)]
pub struct NewVersionRow<'a> {
    pub content_type: &'a str,
    pub size: Option<i64>,
    pub created_by: Id,
}

/// How often a new version is tried again when another one took its number at the same time
/// (an engine that does not serialize writers the way SQLite's write lock does).
const NUMBER_TRIES: usize = 5;

/// Inserts a pending version of the entry `entry` belongs to, numbered one above the
/// highest, never the head until its bytes are complete ([`settle_head`]).
pub async fn insert(
    pool: &Pool,
    entry: &FileRow,
    new: &NewVersionRow<'_>,
    now: i64,
) -> Result<FileRow, sqlx::Error> {
    let mut tries = 0;
    loop {
        tries += 1;
        match try_insert(pool, entry, new, now).await {
            Err(e) if super::is_unique_violation(&e) && tries < NUMBER_TRIES => {
                tracing::debug!(stack = entry.stack_id, "version number taken; trying again");
            }
            other => return other,
        }
    }
}

async fn try_insert(
    pool: &Pool,
    entry: &FileRow,
    new: &NewVersionRow<'_>,
    now: i64,
) -> Result<FileRow, sqlx::Error> {
    let mut tx = super::begin_write(pool).await?;
    // The entry's name and folder as they are now, not as the caller read them.
    let id: Id = sqlx::query_scalar(
        "INSERT INTO files (project_id, folder_id, name, content_type, state, size, created_by, \
         created_at, updated_at, stack_id, version, head) \
         SELECT f.project_id, f.folder_id, f.name, $2, $3, $4, $5, $6, $6, f.stack_id, \
           (SELECT MAX(v.version) FROM files v WHERE v.stack_id = f.stack_id) + 1, FALSE \
         FROM files f WHERE f.id = $1 RETURNING id",
    )
    .bind(entry.id)
    .bind(new.content_type)
    .bind(PENDING)
    .bind(new.size)
    .bind(new.created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    super::files::by_id(pool, entry.project_id, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Makes the newest ready version of stack `stack_id` its head. While no version is ready
/// the head stays where it is (a first version being uploaded). The old head stops being one
/// before the new one starts, so the unique name among heads holds at every step.
pub async fn settle_head(
    tx: &mut sqlx::Transaction<'_, Db>,
    stack_id: Id,
) -> Result<(), sqlx::Error> {
    let newest: Option<Id> = sqlx::query_scalar(&format!(
        "SELECT id FROM files WHERE stack_id = $1 AND state = '{READY}' \
         ORDER BY version DESC LIMIT 1"
    ))
    .bind(stack_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(newest) = newest else {
        return Ok(());
    };
    sqlx::query("UPDATE files SET head = FALSE WHERE stack_id = $1 AND head AND id <> $2")
        .bind(stack_id)
        .bind(newest)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE files SET head = TRUE WHERE id = $1 AND NOT head")
        .bind(newest)
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// How many versions of stack `stack_id` other than `id` have complete bytes.
pub async fn other_ready<'c>(
    ex: impl Executor<'c, Database = Db>,
    stack_id: Id,
    id: Id,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM files WHERE stack_id = $1 AND id <> $2 AND state = '{READY}'"
    ))
    .bind(stack_id)
    .bind(id)
    .fetch_one(ex)
    .await
}

/// Points the review links shared on version `from` at version `to` of the same entry, so a
/// link outlives the version it was made on.
pub async fn move_links<'c>(
    ex: impl Executor<'c, Database = Db>,
    from: Id,
    to: Id,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE review_links SET file_id = $2 WHERE file_id = $1")
        .bind(from)
        .bind(to)
        .execute(ex)
        .await
        .map(drop)
}

/// Sets version `id`'s status, by `by`, at `now`. Returns whether it changed.
pub async fn set_status<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    status: ApprovalStatus,
    by: Writer<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (user, guest, link) = match by {
        Writer::Member(id) => (Some(id), None, None),
        Writer::Guest { name, link_id } => (None, Some(name), Some(link_id)),
    };
    let done = sqlx::query(
        "UPDATE files SET status = $2, status_by = $3, status_guest_name = $4, \
         status_link_id = $5, status_at = $6 WHERE id = $1 AND status <> $2",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(user)
    .bind(guest)
    .bind(link)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() > 0)
}
