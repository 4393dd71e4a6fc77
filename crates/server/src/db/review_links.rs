//! The `review_links` table: folders and files shared with people who have no account.

use rushes_api::review_links::{ReviewLink, ReviewLinkKind, ReviewPermission};
use rushes_api::Id;
use sqlx::Executor;

use super::time::to_timestamp;
use super::{Db, Flag};

/// A link as stored, without its token hash (never needed once stored) but with whether it has
/// a password.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub id: Id,
    pub project_id: Id,
    pub folder_id: Option<Id>,
    pub file_id: Option<Id>,
    pub permission: String,
    pub password_hash: Option<String>,
    pub label: String,
    pub expires_at: Option<i64>,
    pub created_by: Option<Id>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<Id>,
    /// Whether guests may set approval status (with at least `comment`).
    #[sqlx(try_from = "Flag")]
    pub can_set_status: bool,
}

impl LinkRow {
    /// What a guest may do. The column's CHECK allows only the three; anything else reads as
    /// the least.
    pub fn permission(&self) -> ReviewPermission {
        ReviewPermission::parse(&self.permission).unwrap_or(ReviewPermission::View)
    }

    /// A folder or a file link.
    pub fn kind(&self) -> ReviewLinkKind {
        if self.file_id.is_some() {
            ReviewLinkKind::File
        } else {
            ReviewLinkKind::Folder
        }
    }

    /// Whether guests can use it at `now`: not revoked, not expired.
    pub fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }

    /// The link as the team sees it.
    pub fn to_api(&self) -> ReviewLink {
        ReviewLink {
            can_set_status: self.can_set_status,
            id: self.id,
            project_id: self.project_id,
            kind: self.kind(),
            folder_id: self.folder_id,
            file_id: self.file_id,
            permission: self.permission(),
            has_password: self.password_hash.is_some(),
            label: self.label.clone(),
            expires_at: self.expires_at.map(to_timestamp),
            created_by: self.created_by,
            created_at: to_timestamp(self.created_at),
            revoked_at: self.revoked_at.map(to_timestamp),
            revoked_by: self.revoked_by,
        }
    }
}

const SELECT: &str = "SELECT id, project_id, folder_id, file_id, permission, password_hash, \
     label, expires_at, created_by, created_at, revoked_at, revoked_by, (can_set_status = TRUE) AS can_set_status \
     FROM review_links";

/// The columns of a new link.
#[derive(Debug)]
pub struct NewLinkRow<'a> {
    pub project_id: Id,
    pub folder_id: Option<Id>,
    pub file_id: Option<Id>,
    /// SHA-256 of the token.
    pub token_hash: &'a str,
    pub permission: ReviewPermission,
    pub can_set_status: bool,
    pub password_hash: Option<&'a str>,
    pub label: &'a str,
    pub expires_at: Option<i64>,
    pub created_by: Id,
}

/// Stores a new link and returns its id.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &NewLinkRow<'_>,
    now: i64,
) -> Result<Id, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO review_links (project_id, folder_id, file_id, token_hash, permission, \
         password_hash, label, expires_at, created_by, created_at, updated_at, can_set_status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
    )
    .bind(new.project_id)
    .bind(new.folder_id)
    .bind(new.file_id)
    .bind(new.token_hash)
    .bind(new.permission.as_str())
    .bind(new.password_hash)
    .bind(new.label)
    .bind(new.expires_at)
    .bind(new.created_by)
    .bind(now)
    .bind(new.can_set_status)
    .fetch_one(ex)
    .await
}

/// Link `id` of `project_id`.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    id: Id,
) -> Result<Option<LinkRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE project_id = $1 AND id = $2");
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// Link `id`, whatever its project (a guest session names only the link).
pub async fn by_id_anywhere<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Option<LinkRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
}

/// The link whose token has this hash, revoked and expired ones included (the caller decides).
pub async fn by_token_hash<'c>(
    ex: impl Executor<'c, Database = Db>,
    token_hash: &str,
) -> Result<Option<LinkRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE token_hash = $1");
    sqlx::query_as(&sql)
        .bind(token_hash)
        .fetch_optional(ex)
        .await
}

/// Every link of `project_id`, newest first. A project has few links (people make them one
/// by one), so the caller filters what it may see in memory.
pub async fn in_project<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
) -> Result<Vec<LinkRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE project_id = $1 ORDER BY id DESC");
    sqlx::query_as(&sql).bind(project_id).fetch_all(ex).await
}

/// The editable columns of a link, as they are after an update.
#[derive(Debug)]
pub struct LinkChange<'a> {
    pub permission: ReviewPermission,
    pub can_set_status: bool,
    pub password_hash: Option<&'a str>,
    pub label: &'a str,
    pub expires_at: Option<i64>,
}

/// Writes `change` over link `id`.
pub async fn update<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    change: &LinkChange<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE review_links SET permission = $2, password_hash = $3, label = $4, \
         expires_at = $5, updated_at = $6, can_set_status = $7 WHERE id = $1",
    )
    .bind(id)
    .bind(change.permission.as_str())
    .bind(change.password_hash)
    .bind(change.label)
    .bind(change.expires_at)
    .bind(now)
    .bind(change.can_set_status)
    .execute(ex)
    .await
    .map(drop)
}

/// Revokes link `id` (once: a second revocation keeps the first's who and when).
pub async fn revoke<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    by: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE review_links SET revoked_at = $2, revoked_by = $3, updated_at = $2 \
         WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(by)
    .execute(ex)
    .await
    .map(drop)
}
