//! The `uploads` table: one row per tus upload, holding the durable offset.

use rushes_api::Id;
use sqlx::Executor;

use super::{Db, Flag};

/// What an upload becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// Bytes for one file.
    Single,
    /// A piece of a later concatenation; bound to its user only.
    Partial,
    /// The concatenation of partials into a file; never PATCHed.
    Final,
}

impl UploadKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Partial => "partial",
            Self::Final => "final",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "partial" => Self::Partial,
            "final" => Self::Final,
            _ => Self::Single,
        }
    }
}

/// An upload as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UploadRow {
    pub id: String,
    pub user_id: Id,
    kind: String,
    pub file_id: Option<Id>,
    #[sqlx(try_from = "Flag")]
    pub created_file: bool,
    pub upload_length: Option<i64>,
    pub upload_offset: i64,
    pub metadata: String,
    pub concat_parts: Option<String>,
    pub sha256: Option<String>,
    pub finished_at: Option<i64>,
    pub expires_at: i64,
    /// The blob a finish in progress renames the staging file to, written before the rename.
    pub commit_key: Option<String>,
    pub commit_size: Option<i64>,
    pub commit_sha256: Option<String>,
}

impl UploadRow {
    /// What the upload becomes.
    pub fn kind(&self) -> UploadKind {
        UploadKind::parse(&self.kind)
    }

    /// Whether every announced byte has arrived.
    pub fn is_complete(&self) -> bool {
        self.upload_length == Some(self.upload_offset)
    }

    /// Whether the bytes were handed over (to the file, or kept as a complete partial).
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }
}

/// The columns of a new upload.
#[derive(Debug)]
pub struct NewUploadRow<'a> {
    pub id: &'a str,
    pub user_id: Id,
    pub kind: UploadKind,
    pub file_id: Option<Id>,
    pub created_file: bool,
    pub upload_length: Option<i64>,
    pub metadata: &'a str,
    pub concat_parts: Option<&'a str>,
    pub expires_at: i64,
}

const SELECT: &str =
    "SELECT id, user_id, kind, file_id, (created_file = TRUE) AS created_file, upload_length, \
     upload_offset, metadata, concat_parts, sha256, finished_at, expires_at, \
     commit_key, commit_size, commit_sha256 FROM uploads";

/// Inserts an upload at offset 0.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &NewUploadRow<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO uploads (id, user_id, kind, file_id, created_file, upload_length, \
         upload_offset, metadata, concat_parts, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10)",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.kind.as_str())
    .bind(new.file_id)
    .bind(new.created_file)
    .bind(new.upload_length)
    .bind(new.metadata)
    .bind(new.concat_parts)
    .bind(now)
    .bind(new.expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// The upload `id` of user `user_id`; another user's upload is not found.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: &str,
    user_id: Id,
) -> Result<Option<UploadRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE id = $1 AND user_id = $2");
    sqlx::query_as(&sql)
        .bind(id)
        .bind(user_id)
        .fetch_optional(ex)
        .await
}

/// The upload `id`, whoever it belongs to (finishing and recovery act for the server, not for
/// a caller).
pub async fn by_id_anyone<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: &str,
) -> Result<Option<UploadRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
}

/// Uploads that hold every byte but were never handed over to their file (the server stopped
/// while finishing them), for recovery at start.
pub async fn complete_unfinished<'c>(
    ex: impl Executor<'c, Database = Db>,
) -> Result<Vec<UploadRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE finished_at IS NULL AND kind <> 'partial' \
         AND upload_length IS NOT NULL AND upload_offset = upload_length"
    );
    sqlx::query_as(&sql).fetch_all(ex).await
}

/// Records the blob a finish is about to rename the staging file to, with its size and hash,
/// before the rename: whoever finds the upload unfinished later completes it from these.
pub async fn set_commit<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: &str,
    (key, size, sha256): (&str, i64, &str),
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE uploads SET commit_key = $2, commit_size = $3, commit_sha256 = $4 \
         WHERE id = $1 AND finished_at IS NULL",
    )
    .bind(id)
    .bind(key)
    .bind(size)
    .bind(sha256)
    .execute(ex)
    .await
    .map(drop)
}

/// Storage keys that unfinished uploads have claimed for their bytes: not orphans, whatever the
/// file rows say yet.
pub async fn claimed_keys<'c>(
    ex: impl Executor<'c, Database = Db>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT commit_key FROM uploads WHERE commit_key IS NOT NULL AND finished_at IS NULL",
    )
    .fetch_all(ex)
    .await
}

/// The unfinished uploads into file `file_id`.
pub async fn unfinished_for_file<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
) -> Result<Vec<UploadRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE file_id = $1 AND finished_at IS NULL");
    sqlx::query_as(&sql).bind(file_id).fetch_all(ex).await
}

/// Moves the durable offset from `from` to `to` and the expiry forward. Compare-and-set: false
/// when the offset was not `from` any more (another writer got there first).
pub async fn advance<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: &str,
    (from, to): (i64, i64),
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE uploads SET upload_offset = $3, expires_at = $4 \
         WHERE id = $1 AND upload_offset = $2 AND finished_at IS NULL",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the length of an upload that deferred it. False when it was already set.
pub async fn set_length<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: &str,
    length: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE uploads SET upload_length = $2 WHERE id = $1 AND upload_length IS NULL",
    )
    .bind(id)
    .bind(length)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that the upload is complete: every byte is in its file (`sha256` is the file's), or,
/// for a partial, in its staging file waiting for the final upload. The row stays until it
/// expires, so a client that lost the last answer can still ask.
pub async fn mark_finished<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: &str,
    offset: i64,
    sha256: Option<&str>,
    (now, expires_at): (i64, i64),
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE uploads SET upload_offset = $2, sha256 = $3, finished_at = $4, expires_at = $5 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(offset)
    .bind(sha256)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await
    .map(drop)
}

/// Deletes one upload row.
pub async fn delete<'c>(ex: impl Executor<'c, Database = Db>, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM uploads WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await
        .map(drop)
}

/// Uploads whose time ran out before `now`, oldest first, at most `limit`.
pub async fn expired<'c>(
    ex: impl Executor<'c, Database = Db>,
    now: i64,
    limit: i64,
) -> Result<Vec<UploadRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE expires_at < $1 ORDER BY expires_at LIMIT $2");
    sqlx::query_as(&sql)
        .bind(now)
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// Every upload id, so staging files nobody owns (left by a crash) can be found.
pub async fn all_ids<'c>(ex: impl Executor<'c, Database = Db>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM uploads")
        .fetch_all(ex)
        .await
}

/// The project of folder `folder_id`, wherever it is (tus metadata carries only the folder id).
pub async fn project_of_folder<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
) -> Result<Option<Id>, sqlx::Error> {
    sqlx::query_scalar("SELECT project_id FROM folders WHERE id = $1")
        .bind(folder_id)
        .fetch_optional(ex)
        .await
}
