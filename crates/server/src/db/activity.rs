//! The `activity` table: what happened in a project (uploads, new versions, comments, replies,
//! status changes), for its activity list and people's notifications.

use rushes_api::activity::{Activity, ActivityKind};
use rushes_api::approval::ApprovalStatus;
use rushes_api::Id;
use sqlx::Executor;

use super::comments::Writer;
use super::time::to_timestamp;
use super::Db;

/// At most this many characters of a comment are kept with its entry.
pub const EXCERPT_CHARS: usize = 200;

/// An entry as stored, with the actor's name and email when theirs is a live account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: Id,
    pub project_id: Id,
    pub kind: String,
    pub actor_id: Option<Id>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub guest_name: Option<String>,
    pub link_id: Option<Id>,
    pub file_id: Id,
    pub folder_id: Id,
    pub file_name: String,
    pub version: i32,
    pub comment_id: Option<Id>,
    pub excerpt: Option<String>,
    pub status: Option<String>,
    pub at: i64,
}

/// The stored name of `kind`.
fn kind_str(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Upload => "upload",
        ActivityKind::NewVersion => "new_version",
        ActivityKind::Comment => "comment",
        ActivityKind::Reply => "reply",
        ActivityKind::StatusChange => "status_change",
    }
}

fn parse_kind(s: &str) -> Option<ActivityKind> {
    [
        ActivityKind::Upload,
        ActivityKind::NewVersion,
        ActivityKind::Comment,
        ActivityKind::Reply,
        ActivityKind::StatusChange,
    ]
    .into_iter()
    .find(|k| kind_str(*k) == s)
}

impl ActivityRow {
    /// The entry as the team sees it; `None` for a kind this server does not know (written by
    /// a newer one).
    pub fn to_api(&self) -> Option<Activity> {
        let actor = super::actor::ActorColumns {
            user_id: self.actor_id,
            user_name: self.actor_name.as_deref(),
            user_email: self.actor_email.as_deref(),
            guest_name: self.guest_name.as_deref(),
            link_id: self.link_id,
        }
        .to_api(true);
        Some(Activity {
            id: self.id,
            project_id: self.project_id,
            kind: parse_kind(&self.kind)?,
            actor,
            file_id: self.file_id,
            folder_id: self.folder_id,
            file_name: self.file_name.clone(),
            version: self.version,
            comment_id: self.comment_id,
            excerpt: self.excerpt.clone(),
            status: self.status.as_deref().and_then(ApprovalStatus::parse),
            at: to_timestamp(self.at),
        })
    }
}

const COLUMNS: &str = "a.id, a.project_id, a.kind, a.actor_id, u.name AS actor_name, \
     u.email AS actor_email, a.guest_name, a.link_id, a.file_id, a.folder_id, a.file_name, \
     a.version, a.comment_id, a.excerpt, a.status, a.at";

/// What an entry is about besides its file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Details<'a> {
    pub comment_id: Option<Id>,
    /// The comment's text; only its first [`EXCERPT_CHARS`] characters are kept.
    pub text: Option<&'a str>,
    pub status: Option<ApprovalStatus>,
}

/// Records that `actor` did `kind` to file `file_id` at `now`; the file's project, folder,
/// name and version are read from it as they are now. Nothing is recorded for a file that is
/// gone.
pub async fn record<'c>(
    ex: impl Executor<'c, Database = Db>,
    kind: ActivityKind,
    actor: Writer<'_>,
    file_id: Id,
    details: Details<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (actor_id, guest_name, link_id) = match actor {
        Writer::Member(id) => (Some(id), None, None),
        Writer::Guest { name, link_id } => (None, Some(name), Some(link_id)),
    };
    let excerpt: Option<String> = details
        .text
        .map(|t| t.chars().take(EXCERPT_CHARS).collect());
    sqlx::query(
        "INSERT INTO activity (project_id, kind, actor_id, guest_name, link_id, file_id, \
         stack_id, folder_id, file_name, version, comment_id, excerpt, status, at) \
         SELECT f.project_id, $2, $3, $4, $5, f.id, f.stack_id, f.folder_id, f.name, f.version, \
         $6, $7, $8, $9 FROM files f WHERE f.id = $1",
    )
    .bind(file_id)
    .bind(kind_str(kind))
    .bind(actor_id)
    .bind(guest_name)
    .bind(link_id)
    .bind(details.comment_id)
    .bind(excerpt)
    .bind(details.status.map(ApprovalStatus::as_str))
    .bind(now)
    .execute(ex)
    .await
    .map(drop)
}

/// Records a new comment or reply (`id`), as [`record`] does.
pub async fn record_comment<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &super::comments::NewCommentRow<'_>,
    id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    let kind = if new.parent_id.is_some() {
        ActivityKind::Reply
    } else {
        ActivityKind::Comment
    };
    let details = Details {
        comment_id: Some(id),
        text: Some(new.body),
        status: None,
    };
    record(ex, kind, new.author, new.file_id, details, now).await
}

/// Keeps the entries of stack `stack_id` with the entry when it moves to `folder_id`: who may
/// see them is decided by where the file is.
pub async fn follow_move<'c>(
    ex: impl Executor<'c, Database = Db>,
    stack_id: Id,
    folder_id: Id,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE activity SET folder_id = $2 WHERE stack_id = $1")
        .bind(stack_id)
        .bind(folder_id)
        .execute(ex)
        .await
        .map(drop)
}

/// Whose entries of a project a list shows.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// All of them: a role on the whole project.
    Project,
    /// Those in the folders granted to this user, and below them.
    GrantsOf(Id),
}

/// The `WITH` clause and condition of `scope` for project `$1` and user `$2`.
fn scoped(scope: Scope) -> (&'static str, &'static str) {
    match scope {
        Scope::Project => ("", "$2 = $2"),
        Scope::GrantsOf(_) => (
            "WITH RECURSIVE tree (id) AS ( \
                 SELECT folder_id FROM folder_members WHERE project_id = $1 AND user_id = $2 \
                 UNION ALL SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id \
             ) ",
            "a.folder_id IN (SELECT id FROM tree)",
        ),
    }
}

fn scope_user(scope: Scope) -> Id {
    match scope {
        Scope::Project => 0,
        Scope::GrantsOf(user) => user,
    }
}

/// One page of project `project_id`'s entries in `scope`, newest first.
pub async fn in_project<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    scope: Scope,
    (limit, offset): (i64, i64),
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    let (with, condition) = scoped(scope);
    let sql = format!(
        "{with}SELECT {COLUMNS} FROM activity a LEFT JOIN users u ON u.id = a.actor_id \
         WHERE a.project_id = $1 AND {condition} ORDER BY a.id DESC LIMIT $3 OFFSET $4"
    );
    sqlx::query_as(&sql)
        .bind(project_id)
        .bind(scope_user(scope))
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many entries project `project_id` has in `scope`.
pub async fn count_in_project<'c>(
    ex: impl Executor<'c, Database = Db>,
    project_id: Id,
    scope: Scope,
) -> Result<i64, sqlx::Error> {
    let (with, condition) = scoped(scope);
    let sql =
        format!("{with}SELECT COUNT(*) FROM activity a WHERE a.project_id = $1 AND {condition}");
    sqlx::query_scalar(&sql)
        .bind(project_id)
        .bind(scope_user(scope))
        .fetch_one(ex)
        .await
}

/// Where a notification feed starts.
#[derive(Debug, Clone, Copy)]
pub enum FeedFrom {
    /// The entries after this id, oldest first.
    After(Id),
    /// The newest entries, given oldest first.
    Latest,
}

/// Up to `limit` comments and replies by others than `user_id` on entries they uploaded (a
/// version of) or commented on, in projects where they still have a role on the project or on
/// the entry's folder (or above it); everything for an admin.
pub async fn feed<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    is_admin: bool,
    from: FeedFrom,
    limit: i64,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    let (after, order) = match from {
        FeedFrom::After(id) => (id, "ASC"),
        FeedFrom::Latest => (0, "DESC"),
    };
    let sql = format!(
        "WITH RECURSIVE mine (stack_id) AS ( \
             SELECT stack_id FROM files WHERE created_by = $1 \
             UNION SELECT f.stack_id FROM comments c JOIN files f ON f.id = c.file_id \
             WHERE c.author_id = $1 \
         ), tree (id) AS ( \
             SELECT folder_id FROM folder_members WHERE user_id = $1 \
             UNION ALL SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id \
         ) \
         SELECT {COLUMNS} FROM activity a LEFT JOIN users u ON u.id = a.actor_id \
         WHERE a.id > $2 AND a.kind IN ('comment', 'reply') \
         AND (a.actor_id IS NULL OR a.actor_id <> $1) \
         AND a.stack_id IN (SELECT stack_id FROM mine) \
         AND ($3 OR a.project_id IN (SELECT project_id FROM project_members WHERE user_id = $1) \
              OR a.folder_id IN (SELECT id FROM tree)) \
         ORDER BY a.id {order} LIMIT $4"
    );
    let mut rows: Vec<ActivityRow> = sqlx::query_as(&sql)
        .bind(user_id)
        .bind(after)
        .bind(is_admin)
        .bind(limit)
        .fetch_all(ex)
        .await?;
    if matches!(from, FeedFrom::Latest) {
        rows.reverse();
    }
    Ok(rows)
}
