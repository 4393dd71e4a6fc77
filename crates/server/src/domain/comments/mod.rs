//! Comments on files: threads on the whole file, a frame or a range, with one level of replies.
//!
//! Who may do what (the role is the caller's effective role on the file's folder):
//! - read: viewer;
//! - write a comment or a reply, resolve or reopen a thread: commenter (as in Frame.io, anyone
//!   taking part in the review may mark a note done);
//! - change a comment's body, frames or drawing: its author, while still at least a commenter;
//! - delete a comment (and its replies): its author while still at least a commenter, or a
//!   manager.
//!
//! Anyone who may read the comments may export them ([`export`]): CSV, or an EDL of markers.
//!
//! Guests of review links read, comment and reply through [`on_file`], under the same rules
//! of frames and replies; what their link allows is checked by `domain::guest`.

pub mod export;
pub mod on_file;
pub mod rules;

use rushes_api::comments::{Comment, CommentUpdate, ExportFormat, NewComment};
use rushes_api::Id;

use crate::access::{FileAccess, ProjectAccess, Role};
use crate::db::comments::{self, CommentRow, Writer};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{technical, Pool, Window};
use crate::error::ApiError;

/// Seeing a file includes seeing what was said about it.
const READ_ROLE: Role = Role::Viewer;
/// Taking part in the review.
const WRITE_ROLE: Role = Role::Commenter;
/// Removing what others wrote.
const MODERATE_ROLE: Role = Role::Manager;

/// The file a request is about, as the URL names it.
#[derive(Debug, Clone, Copy)]
pub struct FileRef {
    pub project_id: Id,
    pub folder_id: Id,
    pub file_id: Id,
}

/// One page of the file's threads (whole-file comments first, then by frame, then oldest first),
/// each with its replies, and the number of threads.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    file: FileRef,
    window: Window,
) -> Result<(Vec<Comment>, i64), ApiError> {
    let access = authorize(pool, caller, file, READ_ROLE).await?;
    let (mut items, total) =
        on_file::list(pool, access.file.id, window, CommentRow::to_api).await?;
    crate::domain::activity::mark_unseen(pool, caller.id, access.file.id, &mut items).await?;
    Ok((items, total))
}

/// Starts a thread on the file.
pub async fn create(
    pool: &Pool,
    caller: &UserRow,
    file: FileRef,
    new: &NewComment,
) -> Result<Comment, ApiError> {
    let access = authorize(pool, caller, file, WRITE_ROLE).await?;
    on_file::create(pool, access.file.id, Writer::Member(caller.id), new).await
}

/// Answers comment `parent_id`. Replies are one level deep: answering a reply is refused (422),
/// because the thread is what a reviewer resolves and the timeline marks.
pub async fn reply(
    pool: &Pool,
    caller: &UserRow,
    file: FileRef,
    parent_id: Id,
    new: &NewComment,
) -> Result<Comment, ApiError> {
    let access = authorize(pool, caller, file, WRITE_ROLE).await?;
    on_file::reply(
        pool,
        access.file.id,
        Writer::Member(caller.id),
        parent_id,
        new,
    )
    .await
}

/// Changes a comment: its body, frames and drawing (the author only) and whether its thread is
/// resolved (any commenter). Fields left out stay as they are; an empty change changes nothing.
pub async fn update(
    pool: &Pool,
    caller: &UserRow,
    file: FileRef,
    id: Id,
    change: &CommentUpdate,
) -> Result<Comment, ApiError> {
    let access = authorize(pool, caller, file, WRITE_ROLE).await?;
    let current = comments::by_id(pool, access.file.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let edits_content = change.body.is_some()
        || change.frame.is_some()
        || change.frame_out.is_some()
        || change.drawing.is_some();
    if edits_content && current.author_id != Some(caller.id) {
        return Err(ApiError::Forbidden);
    }
    if *change != CommentUpdate::default() {
        let total = technical::frames(pool, access.file.id).await?;
        let applied = rules::updated(&current, change, total)?;
        comments::update(pool, id, &applied, now_ms()).await?;
        tracing::debug!(comment = id, "comment updated");
    }
    let row = comments::by_id(pool, access.file.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    thread(pool, row).await
}

/// Every thread of the file as a CSV or an EDL of markers (viewers: what they may read).
pub async fn export(
    pool: &Pool,
    caller: &UserRow,
    file: FileRef,
    format: ExportFormat,
) -> Result<export::Export, ApiError> {
    let access = authorize(pool, caller, file, READ_ROLE).await?;
    export::export(pool, access.file.id, &access.file.name, format).await
}

/// Deletes a comment and its replies: the author's own, or anyone's for a manager.
pub async fn delete(pool: &Pool, caller: &UserRow, file: FileRef, id: Id) -> Result<(), ApiError> {
    let access = authorize(pool, caller, file, WRITE_ROLE).await?;
    let comment = comments::by_id(pool, access.file.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if comment.author_id != Some(caller.id) {
        access.require(MODERATE_ROLE)?;
    }
    comments::delete(pool, id).await?;
    tracing::debug!(comment = id, "comment deleted");
    Ok(())
}

/// The file, if the caller has at least `min` on its folder.
async fn authorize(
    pool: &Pool,
    caller: &UserRow,
    file: FileRef,
    min: Role,
) -> Result<FileAccess, ApiError> {
    let project = ProjectAccess::load(pool, caller, file.project_id).await?;
    let access = project.file(pool, file.folder_id, file.file_id).await?;
    access.require(min)?;
    Ok(access)
}

/// `row` as the API shows it: a top-level comment with its replies, a reply on its own.
async fn thread(pool: &Pool, row: CommentRow) -> Result<Comment, ApiError> {
    let replies = if row.is_reply() {
        Vec::new()
    } else {
        comments::replies_to(pool, &[row.id])
            .await?
            .iter()
            .map(|r| r.to_api(Vec::new()))
            .collect()
    };
    Ok(row.to_api(replies))
}
