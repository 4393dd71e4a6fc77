//! Activity and what is new: a project's activity list, a member's notification feed, and the
//! visits that decide which comments are new to whom.
//!
//! The activity list shows a viewer of the project what happened to the files they may see:
//! everything with a role on the project, only what is in their granted folders (and below)
//! otherwise. The feed is for desktop notifications: comments and replies by others on
//! entries the caller uploaded or commented on, in projects where they still have a role.

use rushes_api::activity::Activity;
use rushes_api::comments::Comment;
use rushes_api::Id;

use crate::access::{ProjectAccess, Role};
use crate::db::activity::{self, ActivityRow, FeedFrom, Scope};
use crate::db::time::{now_ms, to_timestamp};
use crate::db::users::UserRow;
use crate::db::{visits, Pool, Window};
use crate::domain::files::access;
use crate::error::ApiError;

/// The most entries one feed answer carries.
pub const FEED_LIMIT: i64 = 100;
/// How many of the newest entries a feed answer without `after` carries: what a client
/// starting up shows, and whose last id it then asks after.
pub const FEED_LATEST: i64 = 20;

/// One page of project `project_id`'s activity the caller may see, newest first, and how many
/// entries that is.
pub async fn in_project(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    window: Window,
) -> Result<(Vec<Activity>, i64), ApiError> {
    let project = ProjectAccess::load(pool, caller, project_id).await?;
    if !project.has_somewhere(Role::Viewer) {
        return Err(ApiError::Forbidden);
    }
    let scope = if project.role().is_some() {
        Scope::Project
    } else {
        Scope::GrantsOf(caller.id)
    };
    let rows = activity::in_project(pool, project_id, scope, (window.limit, window.offset)).await?;
    let total = activity::count_in_project(pool, project_id, scope).await?;
    Ok((shown(&rows), total))
}

/// The caller's notifications: after entry `after` (oldest first, at most [`FEED_LIMIT`]), or
/// without it the newest [`FEED_LATEST`].
pub async fn feed(
    pool: &Pool,
    caller: &UserRow,
    after: Option<Id>,
) -> Result<Vec<Activity>, ApiError> {
    let (from, limit) = match after {
        Some(id) => (FeedFrom::After(id.max(0)), FEED_LIMIT),
        None => (FeedFrom::Latest, FEED_LATEST),
    };
    let rows = activity::feed(pool, caller.id, caller.is_admin, from, limit).await?;
    Ok(shown(&rows))
}

/// Records now as the caller's visit of file `ids`: what others wrote until now is no longer
/// new to them.
pub async fn seen(pool: &Pool, caller: &UserRow, ids: (Id, Id, Id)) -> Result<(), ApiError> {
    let file = access(pool, caller, ids, Role::Viewer).await?.file;
    match visits::record(pool, caller.id, file.id, now_ms()).await {
        Ok(()) => Ok(()),
        // Deleted meanwhile: a visit of nothing.
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => Err(ApiError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Marks which of `comments` (threads and their replies) on file `file_id` are new to member
/// `user_id`: written by someone else after their last visit.
pub async fn mark_unseen(
    pool: &Pool,
    user_id: Id,
    file_id: Id,
    comments: &mut [Comment],
) -> Result<(), ApiError> {
    let last = visits::last(pool, user_id, file_id)
        .await?
        .map(to_timestamp);
    let unseen = |c: &Comment| {
        let mine = c.author.as_ref().is_some_and(|a| a.id == Some(user_id));
        !mine && last.is_none_or(|seen| c.created_at > seen)
    };
    for thread in comments.iter_mut() {
        thread.unseen = unseen(thread);
        for reply in &mut thread.replies {
            reply.unseen = unseen(reply);
        }
    }
    Ok(())
}

fn shown(rows: &[ActivityRow]) -> Vec<Activity> {
    rows.iter().filter_map(ActivityRow::to_api).collect()
}
