//! The `files` table: a record per file, pointing at its bytes in the media store once ready.

use rushes_api::files::{File, FileState};
use rushes_api::Id;
use sqlx::Executor;

use super::listing::{name_filter, Listing};
use super::time::to_timestamp;
use super::Db;

/// A file as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: Id,
    pub project_id: Id,
    pub folder_id: Id,
    pub name: String,
    pub content_type: String,
    pub state: String,
    pub size: Option<i64>,
    pub sha256: Option<String>,
    pub storage_key: Option<String>,
    pub created_by: Option<Id>,
    pub created_at: i64,
    pub updated_at: i64,
    pub has_poster: bool,
}

/// `rows` as the API shows them, each with its renditions (one query for all).
pub async fn to_api_all<'c>(
    ex: impl Executor<'c, Database = Db>,
    rows: &[FileRow],
) -> Result<Vec<File>, sqlx::Error> {
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let jobs = super::media_jobs::of_files(ex, &ids).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let mut file = row.to_api();
            file.renditions = jobs
                .iter()
                .filter(|j| {
                    j.file_id == row.id
                        && j.storage_key.as_str() == row.storage_key.as_deref().unwrap_or("")
                })
                .filter_map(super::media_jobs::JobRow::to_api)
                .collect();
            file
        })
        .collect())
}

/// The stored value of `state` for a file whose bytes are complete.
pub const READY: &str = "ready";
/// The stored value of `state` for a file waiting for its bytes.
pub const PENDING: &str = "pending";

impl FileRow {
    /// Whether the bytes are complete and may be served.
    pub fn is_ready(&self) -> bool {
        self.state == READY
    }

    /// The file as the API shows it.
    pub fn to_api(&self) -> File {
        File {
            id: self.id,
            project_id: self.project_id,
            folder_id: self.folder_id,
            name: self.name.clone(),
            content_type: self.content_type.clone(),
            state: if self.is_ready() {
                FileState::Ready
            } else {
                FileState::Pending
            },
            size: self.size,
            sha256: self.sha256.clone(),
            has_poster: self.has_poster,
            renditions: Vec::new(),
            stack_id: self.id,
            version: 1,
            version_count: 1,
            status: rushes_api::approval::ApprovalStatus::None,
            status_set_by: None,
            status_set_at: None,
            unseen_comments: 0,
            created_by: self.created_by,
            created_at: to_timestamp(self.created_at),
            updated_at: to_timestamp(self.updated_at),
        }
    }
}

const SELECT: &str = "SELECT f.id, f.project_id, f.folder_id, f.name, f.content_type, f.state, \
     f.size, f.sha256, f.storage_key, f.created_by, f.created_at, f.updated_at, \
     (m.poster_key IS NOT NULL) AS has_poster \
     FROM files f LEFT JOIN file_media m ON m.file_id = f.id";

/// The columns of a new, pending file.
#[derive(Debug)]
pub struct NewFileRow<'a> {
    pub project_id: Id,
    pub folder_id: Id,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size: Option<i64>,
    pub created_by: Id,
}

/// Inserts a pending file. A name taken in the folder is a unique violation.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db> + Copy,
    new: &NewFileRow<'_>,
    now: i64,
) -> Result<FileRow, sqlx::Error> {
    let id: Id = sqlx::query_scalar(
        "INSERT INTO files (project_id, folder_id, name, content_type, state, size, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(new.project_id)
    .bind(new.folder_id)
    .bind(new.name)
    .bind(new.content_type)
    .bind(PENDING)
    .bind(new.size)
    .bind(new.created_by)
    .bind(now)
    .fetch_one(ex)
    .await?;
    by_id(ex, new.project_id, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// The file `id` if it belongs to `project_id`.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    id: Id,
) -> Result<Option<FileRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE f.project_id = $1 AND f.id = $2");
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The file `id`, wherever it is (for the media URL, which carries only the file id).
pub async fn by_id_anywhere<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Option<FileRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE f.id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
}

/// Which files of a folder a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Every record, pending uploads included (the team's lists).
    All,
    /// Only files whose bytes are complete (a review link's guests).
    Ready,
}

impl Shown {
    fn condition(self) -> &'static str {
        match self {
            Self::All => "",
            Self::Ready => " AND f.state = 'ready'",
        }
    }
}

/// One page of the files in `folder_id`, ordered and filtered by `listing`.
pub async fn list<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
    listing: &Listing,
    shown: Shown,
    (limit, offset): (i64, i64),
) -> Result<Vec<FileRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE f.folder_id = $1 AND {}{} {} LIMIT $3 OFFSET $4",
        name_filter("f", 2),
        shown.condition(),
        listing.order_by("f", true)
    );
    sqlx::query_as(&sql)
        .bind(folder_id)
        .bind(listing.like_pattern())
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many files in `folder_id` match `listing`'s filter.
pub async fn count<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
    listing: &Listing,
    shown: Shown,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM files f WHERE f.folder_id = $1 AND {}{}",
        name_filter("f", 2),
        shown.condition()
    );
    sqlx::query_scalar(&sql)
        .bind(folder_id)
        .bind(listing.like_pattern())
        .fetch_one(ex)
        .await
}

/// Whether a file named `name` is in `folder_id` (folders and files share a namespace).
pub async fn name_exists<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
    name: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM files WHERE folder_id = $1 AND name = $2)")
        .bind(folder_id)
        .bind(name)
        .fetch_one(ex)
        .await
}

/// Renames and/or moves a file. A name taken in the target folder is a unique violation.
pub async fn update_place<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    folder_id: Id,
    name: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE files SET folder_id = $2, name = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(folder_id)
        .bind(name)
        .bind(now)
        .execute(ex)
        .await
        .map(drop)
}

/// Marks a file ready with its final bytes, in the same statement that makes them visible.
pub async fn mark_ready<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    size: i64,
    sha256: &str,
    storage_key: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE files SET state = $2, size = $3, sha256 = $4, storage_key = $5, updated_at = $6 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(READY)
    .bind(size)
    .bind(sha256)
    .bind(storage_key)
    .bind(now)
    .execute(ex)
    .await
    .map(drop)
}

/// Deletes one file record (its metadata and comments go with it).
pub async fn delete<'c>(ex: impl Executor<'c, Database = Db>, id: Id) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM files WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await
        .map(drop)
}

/// Up to `limit` ready files in folder `folder_id` and the folders below it, with ids above
/// `after`, by id: one page of a walk over a whole tree that never holds it all at once.
pub async fn ready_under<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
    after: Id,
    limit: i64,
) -> Result<Vec<FileRow>, sqlx::Error> {
    let sql = format!(
        "WITH RECURSIVE tree (id) AS ( \
             SELECT id FROM folders WHERE id = $1 \
             UNION ALL SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id \
         ) \
         {SELECT} WHERE f.folder_id IN (SELECT id FROM tree) AND f.state = '{READY}' \
         AND f.id > $2 ORDER BY f.id LIMIT $3"
    );
    sqlx::query_as(&sql)
        .bind(folder_id)
        .bind(after)
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// The stored bytes (and posters) of every file in folder `folder_id` and the folders below it,
/// so they can be removed from disk once the records are gone.
pub async fn storage_keys_under<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE tree (id) AS ( \
             SELECT id FROM folders WHERE id = $1 \
             UNION ALL SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id \
         ) \
         SELECT k FROM ( \
             SELECT fi.storage_key AS k FROM files fi WHERE fi.folder_id IN (SELECT id FROM tree) \
             UNION ALL \
             SELECT m.poster_key AS k FROM file_media m JOIN files fi ON fi.id = m.file_id \
             WHERE fi.folder_id IN (SELECT id FROM tree) \
             UNION ALL \
             SELECT j.output_key AS k FROM media_jobs j JOIN files fi ON fi.id = j.file_id \
             WHERE fi.folder_id IN (SELECT id FROM tree) \
         ) keys WHERE k IS NOT NULL",
    )
    .bind(folder_id)
    .fetch_all(ex)
    .await
}

/// The stored bytes (and posters) of every file in a project.
pub async fn storage_keys_in_project<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT k FROM ( \
             SELECT storage_key AS k FROM files WHERE project_id = $1 \
             UNION ALL \
             SELECT m.poster_key AS k FROM file_media m JOIN files fi ON fi.id = m.file_id \
             WHERE fi.project_id = $1 \
             UNION ALL \
             SELECT j.output_key AS k FROM media_jobs j JOIN files fi ON fi.id = j.file_id \
             WHERE fi.project_id = $1 \
         ) keys WHERE k IS NOT NULL",
    )
    .bind(project_id)
    .fetch_all(ex)
    .await
}

/// The poster blob of file `id`, if the media job made one.
pub async fn poster_key<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Option<String>, sqlx::Error> {
    let key: Option<Option<String>> =
        sqlx::query_scalar("SELECT poster_key FROM file_media WHERE file_id = $1")
            .bind(id)
            .fetch_optional(ex)
            .await?;
    Ok(key.flatten())
}

/// The blobs that belong to file `id` besides its bytes (its poster and renditions), to remove
/// with it.
pub async fn storage_keys_of<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT k FROM ( \
             SELECT poster_key AS k FROM file_media WHERE file_id = $1 \
             UNION ALL SELECT output_key AS k FROM media_jobs WHERE file_id = $1 \
         ) keys WHERE k IS NOT NULL",
    )
    .bind(id)
    .fetch_all(ex)
    .await
}

/// Drops what the media jobs found and made for file `id` (its bytes changed); its renditions'
/// blobs are among [`storage_keys_of`], read before.
pub async fn forget_media(tx: &mut sqlx::Transaction<'_, Db>, id: Id) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM file_media WHERE file_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    super::media_jobs::forget(&mut **tx, id).await.map(drop)
}

/// Every blob the database refers to: files' bytes, posters and renditions.
pub async fn all_storage_keys<'c>(
    ex: impl Executor<'c, Database = Db>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT storage_key FROM files WHERE storage_key IS NOT NULL \
         UNION ALL SELECT poster_key FROM file_media WHERE poster_key IS NOT NULL \
         UNION ALL SELECT output_key FROM media_jobs WHERE output_key IS NOT NULL",
    )
    .fetch_all(ex)
    .await
}
