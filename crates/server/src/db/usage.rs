//! How many bytes a user or a project holds, as the storage quotas count them.
//!
//! An unfinished upload counts with its declared length (what it was promised), or with what
//! arrived while the length is deferred; a partial upload counts until a final upload joins it
//! (the final upload then counts, and its file once ready). Bytes of ready files count by their
//! size. Nothing is cached: the numbers are read when an upload asks, so deleting a file frees
//! its bytes at once.

use rushes_api::Id;
use sqlx::Executor;

use super::{Db, Flag};

/// The bytes an upload row stands for.
const RESERVED: &str = "COALESCE(upload_length, upload_offset)";
// PostgreSQL's SUM of BIGINT is NUMERIC, which the server does not read: every sum is cast back
// to BIGINT (a no-op on SQLite).

/// Bytes held by user `user_id`: ready files they created, their unfinished uploads and their
/// partial uploads.
pub async fn of_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT \
           (SELECT COALESCE(CAST(SUM(size) AS BIGINT), 0) FROM files WHERE created_by = $1 AND state = 'ready') \
         + (SELECT COALESCE(CAST(SUM({RESERVED}) AS BIGINT), 0) FROM uploads \
              WHERE user_id = $1 AND (finished_at IS NULL OR kind = 'partial'))"
    );
    sqlx::query_scalar(&sql).bind(user_id).fetch_one(ex).await
}

/// Bytes held by project `project_id`: its ready files and the unfinished uploads into its
/// files (partials belong to no project until their final upload).
pub async fn of_project<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT \
           (SELECT COALESCE(CAST(SUM(size) AS BIGINT), 0) FROM files WHERE project_id = $1 AND state = 'ready') \
         + (SELECT COALESCE(CAST(SUM({RESERVED}) AS BIGINT), 0) FROM uploads u JOIN files f ON f.id = u.file_id \
              WHERE f.project_id = $1 AND u.finished_at IS NULL)"
    );
    sqlx::query_scalar(&sql)
        .bind(project_id)
        .fetch_one(ex)
        .await
}

/// How many partial uploads user `user_id` has (complete or not, not yet joined), and their
/// bytes.
pub async fn partials_of_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<(i64, i64), sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*), COALESCE(CAST(SUM({RESERVED}) AS BIGINT), 0) FROM uploads \
         WHERE user_id = $1 AND kind = 'partial'"
    );
    sqlx::query_as(&sql).bind(user_id).fetch_one(ex).await
}

/// Whether user `user_id` is an editor or manager of at least one project or folder: someone
/// with a place to upload to, who may therefore stage partial uploads.
pub async fn can_upload_somewhere<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, Flag>(
        "SELECT EXISTS (SELECT 1 FROM project_members \
                          WHERE user_id = $1 AND role IN ('editor', 'manager')) \
             OR EXISTS (SELECT 1 FROM folder_members \
                          WHERE user_id = $1 AND role IN ('editor', 'manager'))",
    )
    .bind(user_id)
    .fetch_one(ex)
    .await
    .map(Flag::get)
}
