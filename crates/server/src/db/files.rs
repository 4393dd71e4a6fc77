//! The `files` table: a record per file version, pointing at its bytes in the media store once
//! ready. Every version of an entry shares its name, folder and `stack_id`; listings show the
//! entry's head (see the versions migration and [`super::versions`]).

use std::collections::HashMap;

use rushes_api::approval::ApprovalStatus;
use rushes_api::comments::CommentAuthor;
use rushes_api::files::{File, FileState};
use rushes_api::Id;
use sqlx::Executor;

use super::listing::{name_filter, Listing};
use super::time::to_timestamp;
use super::{Db, Flag, Pool};

/// A file (one version of an entry) as stored, with the name and email of whoever set its
/// status when that was a member whose account still exists.
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
    #[sqlx(try_from = "Flag")]
    pub has_poster: bool,
    /// The id of the entry's first version: the same on every version.
    pub stack_id: Id,
    pub version: i32,
    /// Whether listings show this version as the entry.
    #[sqlx(try_from = "Flag")]
    pub head: bool,
    pub status: String,
    pub status_by: Option<Id>,
    pub status_by_name: Option<String>,
    pub status_by_email: Option<String>,
    pub status_guest_name: Option<String>,
    pub status_link_id: Option<Id>,
    pub status_at: Option<i64>,
}

/// Who a file is shown to: what the per-caller fields (`unseen_comments`) count and whether
/// members' email addresses show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A team member (user id).
    Member(Id),
    /// A review link's guest: no visits, members by name only.
    Guest,
}

/// `rows` as the API shows them to `viewer`, each with its renditions, its entry's number of
/// versions and its unseen comments: one query for each of those, whatever the number of rows.
pub async fn to_api_all(
    pool: &Pool,
    rows: &[FileRow],
    viewer: Viewer,
) -> Result<Vec<File>, sqlx::Error> {
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let stacks: Vec<Id> = rows.iter().map(|r| r.stack_id).collect();
    let jobs = super::media_jobs::of_files(pool, &ids).await?;
    let counts = super::versions::ready_counts(pool, &stacks).await?;
    let unseen = match viewer {
        Viewer::Member(user) => super::visits::unseen_counts(pool, user, &ids).await?,
        Viewer::Guest => HashMap::new(),
    };
    Ok(rows
        .iter()
        .map(|row| {
            let mut file = row.to_api(viewer == Viewer::Guest);
            file.renditions = jobs
                .iter()
                .filter(|j| {
                    j.file_id == row.id
                        && j.storage_key.as_str() == row.storage_key.as_deref().unwrap_or("")
                })
                .filter_map(super::media_jobs::JobRow::to_api)
                .collect();
            file.version_count = counts.get(&row.stack_id).copied().unwrap_or(0);
            file.unseen_comments = unseen.get(&row.id).copied().unwrap_or(0);
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

    /// The version's approval status; an unknown stored value (written by a newer server)
    /// reads as none.
    pub fn approval(&self) -> ApprovalStatus {
        ApprovalStatus::parse(&self.status).unwrap_or_default()
    }

    /// The name a download of this version carries: the entry's name while it has one
    /// version, else the name with the version before the extension (`A001_v2.mov`), so
    /// versions saved side by side never overwrite each other.
    pub fn download_name(&self, version_count: i32) -> String {
        if version_count <= 1 {
            return self.name.clone();
        }
        match self.name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{stem}_v{}.{ext}", self.version),
            _ => format!("{}_v{}", self.name, self.version),
        }
    }

    /// Who set the status, as comments show their authors.
    fn status_author(&self, for_guest: bool) -> Option<CommentAuthor> {
        super::actor::ActorColumns {
            user_id: self.status_by,
            user_name: self.status_by_name.as_deref(),
            user_email: self.status_by_email.as_deref(),
            guest_name: self.status_guest_name.as_deref(),
            link_id: self.status_link_id,
        }
        .to_api(!for_guest)
    }

    /// The file as the API shows it (a guest sees members by name only). The per-page facts
    /// (renditions, the number of versions, unseen comments) are [`to_api_all`]'s.
    pub fn to_api(&self, for_guest: bool) -> File {
        let status = self.approval();
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
            stack_id: self.stack_id,
            version: self.version,
            version_count: i32::from(self.is_ready()),
            status,
            status_set_by: self
                .status_author(for_guest)
                .filter(|_| status != ApprovalStatus::None),
            status_set_at: self
                .status_at
                .filter(|_| status != ApprovalStatus::None)
                .map(to_timestamp),
            unseen_comments: 0,
            created_by: self.created_by,
            created_at: to_timestamp(self.created_at),
            updated_at: to_timestamp(self.updated_at),
        }
    }
}

pub(super) const SELECT: &str = "SELECT f.id, f.project_id, f.folder_id, f.name, f.content_type, \
     f.state, f.size, f.sha256, f.storage_key, f.created_by, f.created_at, f.updated_at, \
     (m.poster_key IS NOT NULL) AS has_poster, f.stack_id, f.version, (f.head = TRUE) AS head, f.status, \
     f.status_by, su.name AS status_by_name, su.email AS status_by_email, \
     f.status_guest_name, f.status_link_id, f.status_at \
     FROM files f LEFT JOIN file_media m ON m.file_id = f.id \
     LEFT JOIN users su ON su.id = f.status_by";

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

/// Inserts a pending first version: an entry of its own (its `stack_id` is its id), shown
/// from now on. A name taken in the folder is a unique violation.
pub async fn insert(pool: &Pool, new: &NewFileRow<'_>, now: i64) -> Result<FileRow, sqlx::Error> {
    let mut tx = super::begin_write(pool).await?;
    let id: Id = sqlx::query_scalar(
        "INSERT INTO files (project_id, folder_id, name, content_type, state, size, created_by, \
         created_at, updated_at, version, head) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1, TRUE) RETURNING id",
    )
    .bind(new.project_id)
    .bind(new.folder_id)
    .bind(new.name)
    .bind(new.content_type)
    .bind(PENDING)
    .bind(new.size)
    .bind(new.created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE files SET stack_id = id WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    by_id(pool, new.project_id, id)
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
    /// Heads only (one row per entry), ready ones only for guests, and the listing's status
    /// filter (a stored value from the enum, never input).
    fn condition(self, listing: &Listing) -> String {
        let mut sql = String::from(" AND f.head");
        if self == Self::Ready {
            sql.push_str(" AND f.state = 'ready'");
        }
        if let Some(status) = listing.status {
            sql.push_str(&format!(" AND f.status = '{}'", status.as_str()));
        }
        sql
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
        shown.condition(listing),
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
        shown.condition(listing)
    );
    sqlx::query_scalar(&sql)
        .bind(folder_id)
        .bind(listing.like_pattern())
        .fetch_one(ex)
        .await
}

/// Whether an entry named `name` is in `folder_id` (folders and files share a namespace; the
/// versions of an entry carry its name, so only heads count).
pub async fn name_exists<'c>(
    ex: impl Executor<'c, Database = Db>,
    folder_id: Id,
    name: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, Flag>(
        "SELECT EXISTS (SELECT 1 FROM files WHERE folder_id = $1 AND name = $2 AND head)",
    )
    .bind(folder_id)
    .bind(name)
    .fetch_one(ex)
    .await
    .map(Flag::get)
}

/// Renames and/or moves an entry: every version of stack `stack_id`, and where its activity
/// is seen from. A name taken in the target folder is a unique violation.
pub async fn update_place(
    pool: &Pool,
    stack_id: Id,
    folder_id: Id,
    name: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = super::begin_write(pool).await?;
    sqlx::query("UPDATE files SET folder_id = $2, name = $3, updated_at = $4 WHERE stack_id = $1")
        .bind(stack_id)
        .bind(folder_id)
        .bind(name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    super::activity::follow_move(&mut *tx, stack_id, folder_id).await?;
    tx.commit().await
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

/// Deletes every version of stack `stack_id` (their metadata and comments go with them).
pub async fn delete_stack<'c>(
    ex: impl Executor<'c, Database = Db>,
    stack_id: Id,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM files WHERE stack_id = $1")
        .bind(stack_id)
        .execute(ex)
        .await
        .map(drop)
}

/// Up to `limit` ready entries (their heads) in folder `folder_id` and the folders below it,
/// with ids above `after`, by id: one page of a walk over a whole tree that never holds it all
/// at once.
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
         AND f.head AND f.id > $2 ORDER BY f.id LIMIT $3"
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
