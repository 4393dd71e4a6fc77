//! Reading and writing the comments of one file whose access was already decided: the team's
//! endpoints decide it from roles, the guests' from their review link. The rules of frames and
//! replies are the same for both.

use std::collections::HashMap;

use rushes_api::comments::{Comment, NewComment};
use rushes_api::Id;

use super::rules;
use crate::db::comments::{self, CommentRow, NewCommentRow, Writer};
use crate::db::time::now_ms;
use crate::db::{technical, Pool, Window};
use crate::error::{ApiError, Problems};

/// One page of the file's threads (whole-file comments first, then by frame, then oldest
/// first), each with its replies, shown by `show`; and the number of threads.
pub async fn list(
    pool: &Pool,
    file_id: Id,
    window: Window,
    show: fn(&CommentRow, Vec<Comment>) -> Comment,
) -> Result<(Vec<Comment>, i64), ApiError> {
    let threads = comments::list_threads(pool, file_id, window.limit, window.offset).await?;
    let total = comments::count_threads(pool, file_id).await?;
    let ids: Vec<Id> = threads.iter().map(|c| c.id).collect();
    let mut replies: HashMap<Id, Vec<Comment>> = HashMap::new();
    for reply in comments::replies_to(pool, &ids).await? {
        if let Some(parent) = reply.parent_id {
            replies
                .entry(parent)
                .or_default()
                .push(show(&reply, Vec::new()));
        }
    }
    let items = threads
        .iter()
        .map(|t| show(t, replies.remove(&t.id).unwrap_or_default()))
        .collect();
    Ok((items, total))
}

/// Starts a thread on file `file_id`, written by `author`.
pub async fn create(
    pool: &Pool,
    file_id: Id,
    author: Writer<'_>,
    new: &NewComment,
) -> Result<Comment, ApiError> {
    let total = technical::frames(pool, file_id).await?;
    let valid = rules::new_comment(new, total, false)?;
    let row = NewCommentRow {
        file_id,
        parent_id: None,
        author,
        body: valid.body,
        frame: valid.frame,
        frame_out: valid.frame_out,
        drawing: valid.drawing.as_deref(),
    };
    insert(pool, &row).await
}

/// Answers comment `parent_id` of file `file_id`. Replies are one level deep: answering a
/// reply is refused (422), because the thread is what a reviewer resolves and the timeline
/// marks.
pub async fn reply(
    pool: &Pool,
    file_id: Id,
    author: Writer<'_>,
    parent_id: Id,
    new: &NewComment,
) -> Result<Comment, ApiError> {
    let parent = comments::by_id(pool, file_id, parent_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if parent.is_reply() {
        let mut problems = Problems::default();
        problems.check(
            "base",
            Err("can't answer a reply: replies are one level deep, answer the comment it replies to"),
        );
        problems.finish()?;
    }
    let valid = rules::new_comment(new, None, true)?;
    let row = NewCommentRow {
        file_id,
        parent_id: Some(parent.id),
        author,
        body: valid.body,
        frame: None,
        frame_out: None,
        drawing: None,
    };
    insert(pool, &row).await
}

/// Inserts `row` and answers with the new comment. A parent or file deleted meanwhile fails the
/// foreign key: that is a 404, like a request that came a moment later.
async fn insert(pool: &Pool, row: &NewCommentRow<'_>) -> Result<Comment, ApiError> {
    let id = match comments::insert(pool, row, now_ms()).await {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
            return Err(ApiError::NotFound)
        }
        Err(e) => return Err(e.into()),
    };
    crate::db::activity::record_comment(pool, row, id, now_ms()).await?;
    tracing::debug!(comment = id, file = row.file_id, "comment created");
    let created = comments::by_id(pool, row.file_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(created.to_api(Vec::new()))
}
