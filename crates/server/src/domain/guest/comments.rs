//! Comments for guests of review links: reading them with any permission, writing and
//! replying with `comment` or `download`, under the team's rules of frames and replies
//! (`domain::comments::on_file`). A guest's comment is stored with no author account but the
//! name the guest gave and the link's id, and shows to the team as a guest's. Guests see team
//! members by name only.

use rushes_api::comments::{Comment, NewComment};
use rushes_api::review_links::ReviewPermission;
use rushes_api::Id;

use super::{file, require};
use crate::auth::guest_session::Guest;
use crate::db::comments::{CommentRow, Writer};
use crate::db::{Pool, Window};
use crate::domain::comments::on_file;
use crate::error::ApiError;

/// One page of the threads on file `id`, and how many there are.
pub async fn list(
    pool: &Pool,
    guest: &Guest,
    id: Id,
    window: Window,
) -> Result<(Vec<Comment>, i64), ApiError> {
    let file = file(pool, guest, id).await?;
    on_file::list(pool, file.id, window, CommentRow::to_guest_api).await
}

/// Starts a thread on file `id`.
pub async fn create(
    pool: &Pool,
    guest: &Guest,
    id: Id,
    new: &NewComment,
) -> Result<Comment, ApiError> {
    let file = file(pool, guest, id).await?;
    require(guest, ReviewPermission::Comment)?;
    let comment = on_file::create(pool, file.id, writer(guest), new).await?;
    tracing::info!(link = guest.link.id, guest = %guest.name, file = id, comment = comment.id, "guest commented");
    Ok(comment)
}

/// Answers comment `parent_id` on file `id`.
pub async fn reply(
    pool: &Pool,
    guest: &Guest,
    id: Id,
    parent_id: Id,
    new: &NewComment,
) -> Result<Comment, ApiError> {
    let file = file(pool, guest, id).await?;
    require(guest, ReviewPermission::Comment)?;
    let comment = on_file::reply(pool, file.id, writer(guest), parent_id, new).await?;
    tracing::info!(link = guest.link.id, guest = %guest.name, file = id, comment = comment.id, "guest replied");
    Ok(comment)
}

fn writer(guest: &Guest) -> Writer<'_> {
    Writer::Guest {
        name: &guest.name,
        link_id: guest.link.id,
    }
}
