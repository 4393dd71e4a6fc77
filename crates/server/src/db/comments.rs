//! The `comments` table: comments on files, with one level of replies through `parent_id`.

use rushes_api::annotations::Drawing;
use rushes_api::comments::Comment;
use rushes_api::Id;
use sqlx::Executor;

use super::time::to_timestamp;
use super::QueryBuilder;
use super::{Db, Flag};

/// A comment as stored, with its author's name and email when the account still exists.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRow {
    pub id: Id,
    pub file_id: Id,
    pub parent_id: Option<Id>,
    pub author_id: Option<Id>,
    pub body: String,
    pub frame: Option<i64>,
    pub frame_out: Option<i64>,
    #[sqlx(try_from = "Flag")]
    pub resolved: bool,
    /// The JSON of the comment's [`Drawing`], validated before it was stored.
    pub drawing: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    /// The name a guest of a review link gave; `None` for a team member's comment.
    pub guest_name: Option<String>,
    /// The review link a guest came through.
    pub link_id: Option<Id>,
}

impl CommentRow {
    /// Whether this comment answers another one.
    pub fn is_reply(&self) -> bool {
        self.parent_id.is_some()
    }

    /// The comment as the API shows it, with `replies` inline.
    pub fn to_api(&self, replies: Vec<Comment>) -> Comment {
        self.shown(replies, true)
    }

    /// The comment as a guest of a review link sees it: team members by name only, never their
    /// email.
    pub fn to_guest_api(&self, replies: Vec<Comment>) -> Comment {
        self.shown(replies, false)
    }

    fn shown(&self, replies: Vec<Comment>, with_email: bool) -> Comment {
        let author = super::actor::ActorColumns {
            user_id: self.author_id,
            user_name: self.author_name.as_deref(),
            user_email: self.author_email.as_deref(),
            guest_name: self.guest_name.as_deref(),
            link_id: self.link_id,
        }
        .to_api(with_email);
        Comment {
            drawing: self.drawing(),
            unseen: false,
            id: self.id,
            file_id: self.file_id,
            parent_id: self.parent_id,
            body: self.body.clone(),
            frame: self.frame,
            frame_out: self.frame_out,
            resolved: self.resolved,
            author,
            created_at: to_timestamp(self.created_at),
            updated_at: to_timestamp(self.updated_at),
            replies,
        }
    }

    /// The stored drawing. Only validated drawings are stored, so one that does not parse is
    /// a damaged row: it is logged and the comment shown without it, rather than failing the
    /// whole list.
    pub fn drawing(&self) -> Option<Drawing> {
        let json = self.drawing.as_deref()?;
        match serde_json::from_str(json) {
            Ok(drawing) => Some(drawing),
            Err(e) => {
                tracing::warn!(comment = self.id, error = %e, "stored drawing does not parse");
                None
            }
        }
    }
}

const SELECT: &str = "SELECT c.id, c.file_id, c.parent_id, c.author_id, c.body, c.frame, \
     c.frame_out, (c.resolved = TRUE) AS resolved, c.drawing, c.created_at, c.updated_at, \
     u.name AS author_name, u.email AS author_email, c.guest_name, c.link_id \
     FROM comments c LEFT JOIN users u ON u.id = c.author_id";

/// The order of a file's threads: whole-file comments first, then by frame (the way a reviewer
/// walks the timeline), then oldest first; the id keeps pages stable when times repeat.
const THREAD_ORDER: &str = "ORDER BY (c.frame IS NOT NULL), c.frame, c.created_at, c.id";

/// Who writes a new comment: a team member, or a guest of a review link.
#[derive(Debug, Clone, Copy)]
pub enum Writer<'a> {
    Member(Id),
    Guest { name: &'a str, link_id: Id },
}

/// The columns of a new comment.
#[derive(Debug)]
pub struct NewCommentRow<'a> {
    pub file_id: Id,
    pub parent_id: Option<Id>,
    pub author: Writer<'a>,
    pub body: &'a str,
    pub frame: Option<i64>,
    pub frame_out: Option<i64>,
    /// The drawing's JSON, validated.
    pub drawing: Option<&'a str>,
}

/// Inserts a comment and returns its id.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &NewCommentRow<'_>,
    now: i64,
) -> Result<Id, sqlx::Error> {
    let (author_id, guest_name, link_id) = match new.author {
        Writer::Member(id) => (Some(id), None, None),
        Writer::Guest { name, link_id } => (None, Some(name), Some(link_id)),
    };
    sqlx::query_scalar(
        "INSERT INTO comments (file_id, parent_id, author_id, body, frame, frame_out, resolved, \
         created_at, updated_at, guest_name, link_id, drawing) \
         VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, $7, $8, $9, $10) RETURNING id",
    )
    .bind(new.file_id)
    .bind(new.parent_id)
    .bind(author_id)
    .bind(new.body)
    .bind(new.frame)
    .bind(new.frame_out)
    .bind(now)
    .bind(guest_name)
    .bind(link_id)
    .bind(new.drawing)
    .fetch_one(ex)
    .await
}

/// The comment `id` if it is on `file_id`; a comment on another file is not found.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
    id: Id,
) -> Result<Option<CommentRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE c.file_id = $1 AND c.id = $2");
    sqlx::query_as(&sql)
        .bind(file_id)
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// One page of the top-level comments on `file_id`, in thread order.
pub async fn list_threads<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
    limit: i64,
    offset: i64,
) -> Result<Vec<CommentRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE c.file_id = $1 AND c.parent_id IS NULL {THREAD_ORDER} LIMIT $2 OFFSET $3"
    );
    sqlx::query_as(&sql)
        .bind(file_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many top-level comments `file_id` has.
pub async fn count_threads<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE file_id = $1 AND parent_id IS NULL")
        .bind(file_id)
        .fetch_one(ex)
        .await
}

/// Every reply to the comments `parents`, oldest first.
pub async fn replies_to<'c>(
    ex: impl Executor<'c, Database = Db>,
    parents: &[Id],
) -> Result<Vec<CommentRow>, sqlx::Error> {
    if parents.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(format!("{SELECT} WHERE c.parent_id IN ("));
    for (i, id) in parents.iter().enumerate() {
        if i > 0 {
            qb.push(", ");
        }
        qb.push_bind(*id);
    }
    qb.push(") ORDER BY c.created_at, c.id");
    qb.build_query_as().fetch_all(ex).await
}

/// The editable columns of a comment, as they are after an update.
#[derive(Debug)]
pub struct CommentChange<'a> {
    pub body: &'a str,
    pub frame: Option<i64>,
    pub frame_out: Option<i64>,
    pub resolved: bool,
    /// The drawing's JSON, validated.
    pub drawing: Option<String>,
}

/// Writes `change` over comment `id`.
pub async fn update<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    change: &CommentChange<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE comments SET body = $2, frame = $3, frame_out = $4, resolved = $5, \
         updated_at = $6, drawing = $7 WHERE id = $1",
    )
    .bind(id)
    .bind(change.body)
    .bind(change.frame)
    .bind(change.frame_out)
    .bind(change.resolved)
    .bind(now)
    .bind(change.drawing.as_deref())
    .execute(ex)
    .await
    .map(drop)
}

/// Deletes comment `id` and its replies. The foreign key cascades too; naming the replies here
/// keeps the behaviour the same on a database where cascades are off.
pub async fn delete<'c>(ex: impl Executor<'c, Database = Db>, id: Id) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM comments WHERE id = $1 OR parent_id = $1")
        .bind(id)
        .execute(ex)
        .await
        .map(drop)
}
