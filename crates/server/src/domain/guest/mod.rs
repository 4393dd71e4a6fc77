//! What a guest of a review link may reach, and what they see there.
//!
//! A guest reaches only what their link covers: for a folder link, that folder and everything
//! below it; for a file link, that file. Anything else, another folder of the project, a folder
//! above the shared one, another project's ids, is not found (404), the same answer as for an
//! id that does not exist, so a guest learns nothing of what lies outside. What the link
//! allows on what it covers is its permission: `view` browses and plays, `comment` adds
//! comments and replies, `download` adds the original files; asking for more is 403.
//!
//! Whether the link is still live is checked when the session is found (`auth::guest_session`),
//! on every request.

pub mod comments;
pub mod session;

use rushes_api::approval::StatusUpdate;
use rushes_api::files::File;
use rushes_api::folders::Folder;
use rushes_api::review_links::ReviewPermission;
use rushes_api::Id;

use crate::auth::guest_session::Guest;
use crate::db::comments::Writer;
use crate::db::files::{self, FileRow, Shown, Viewer};
use crate::db::folders::{self, ChildQuery, FolderRow};
use crate::db::listing::Listing;
use crate::db::media_jobs::{self, JobKind};
use crate::db::{Pool, Window};
use crate::error::ApiError;
use crate::media::{MediaKind, MediaState};

/// Fails with 403 unless the guest's link allows at least `min`.
pub fn require(guest: &Guest, min: ReviewPermission) -> Result<(), ApiError> {
    if guest.link.permission() >= min {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Whether folder `id` of the link's project is the shared folder or below it.
async fn covers_folder(pool: &Pool, guest: &Guest, id: Id) -> Result<bool, ApiError> {
    let Some(root) = guest.link.folder_id else {
        return Ok(false);
    };
    let chain = folders::ancestry(pool, guest.link.project_id, id).await?;
    Ok(chain.iter().any(|l| l.id == root))
}

/// Folder `id`, when the link covers it; otherwise 404.
pub async fn folder(pool: &Pool, guest: &Guest, id: Id) -> Result<FolderRow, ApiError> {
    if !covers_folder(pool, guest, id).await? {
        return Err(ApiError::NotFound);
    }
    folders::by_id(pool, guest.link.project_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// File `id`, when the link covers it (it is a version of the shared file's entry, or in the
/// shared folder or below it) and its bytes are complete; otherwise 404.
pub async fn file(pool: &Pool, guest: &Guest, id: Id) -> Result<FileRow, ApiError> {
    let file = files::by_id(pool, guest.link.project_id, id)
        .await?
        .filter(FileRow::is_ready)
        .ok_or(ApiError::NotFound)?;
    let covered = match guest.link.file_id {
        Some(shared) => files::by_id(pool, guest.link.project_id, shared)
            .await?
            .is_some_and(|s| s.stack_id == file.stack_id),
        None => covers_folder(pool, guest, file.folder_id).await?,
    };
    if covered {
        Ok(file)
    } else {
        Err(ApiError::NotFound)
    }
}

/// One page of the folders directly inside folder `id`, and how many there are.
pub async fn children(
    pool: &Pool,
    guest: &Guest,
    id: Id,
    listing: &Listing,
    window: Window,
) -> Result<(Vec<Folder>, i64), ApiError> {
    folder(pool, guest, id).await?;
    let query = ChildQuery {
        project_id: guest.link.project_id,
        parent: Some(id),
        listing,
        only: None,
    };
    let rows = folders::list_children(pool, query, window.limit, window.offset).await?;
    let total = folders::count_children(pool, query).await?;
    Ok((rows.iter().map(FolderRow::to_api).collect(), total))
}

/// One page of the files in folder `id`, and how many there are.
pub async fn files_in(
    pool: &Pool,
    guest: &Guest,
    id: Id,
    listing: &Listing,
    window: Window,
) -> Result<(Vec<File>, i64), ApiError> {
    folder(pool, guest, id).await?;
    // An upload in progress is the team's business: guests see finished files only.
    let page = (window.limit, window.offset);
    let rows = files::list(pool, id, listing, Shown::Ready, page).await?;
    let total = files::count(pool, id, listing, Shown::Ready).await?;
    Ok((files::to_api_all(pool, &rows, Viewer::Guest).await?, total))
}

/// Every version of the entry of file `id` whose bytes are complete, newest first.
pub async fn versions(pool: &Pool, guest: &Guest, id: Id) -> Result<Vec<File>, ApiError> {
    let file = file(pool, guest, id).await?;
    let rows: Vec<FileRow> = crate::db::versions::of_stack(pool, file.stack_id)
        .await?
        .into_iter()
        .filter(FileRow::is_ready)
        .collect();
    Ok(files::to_api_all(pool, &rows, Viewer::Guest).await?)
}

/// Sets file `id`'s approval status, when the link allows it: `can_set_status` and at least
/// `comment` (403 otherwise).
pub async fn set_status(
    pool: &Pool,
    guest: &Guest,
    id: Id,
    update: &StatusUpdate,
) -> Result<File, ApiError> {
    let file = file(pool, guest, id).await?;
    require(guest, ReviewPermission::Comment)?;
    if !guest.link.can_set_status {
        return Err(ApiError::Forbidden);
    }
    let by = Writer::Guest {
        name: &guest.name,
        link_id: guest.link.id,
    };
    let row = crate::domain::approval::apply(pool, &file, update.status, by).await?;
    tracing::info!(link = guest.link.id, guest = %guest.name, file = id, status = update.status.as_str(), "guest set status");
    crate::domain::files::one_to_api(pool, row, Viewer::Guest).await
}

/// What a guest may ask of a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bytes {
    /// What the player plays, for any permission: the proxy when the original needs one (and
    /// nothing until it is ready), else the original, which then plays in browsers as it is.
    Play,
    /// The original, to keep it: `download` only.
    Download,
    /// The poster image: any permission.
    Poster,
    /// The waveform peaks: any permission.
    Waveform,
}

/// What plays file `id` in a browser: its proxy if it needs one, else its original. Until the
/// probe has said which, nothing: a guest without `download` never gets a camera original.
async fn playable(pool: &Pool, id: Id) -> Result<MediaKind, ApiError> {
    let probe = media_jobs::state_of(pool, id, JobKind::Probe).await?;
    let proxy = media_jobs::state_of(pool, id, JobKind::Proxy).await?;
    match (probe.as_deref(), proxy.as_deref()) {
        (_, Some(media_jobs::READY)) => Ok(MediaKind::Proxy),
        (Some(media_jobs::READY | media_jobs::FAILED), None) => Ok(MediaKind::Original),
        _ => Err(ApiError::Conflict(
            "the file is still being prepared for review".into(),
        )),
    }
}

/// A signed media URL for file `id`'s bytes, poster or waveform.
pub async fn media_url(
    pool: &Pool,
    media: &MediaState,
    base: &url::Url,
    guest: &Guest,
    id: Id,
    what: Bytes,
) -> Result<url::Url, ApiError> {
    let file = file(pool, guest, id).await?;
    let kind = match what {
        Bytes::Download => {
            require(guest, ReviewPermission::Download)?;
            MediaKind::Original
        }
        Bytes::Play => playable(pool, id).await?,
        Bytes::Poster => MediaKind::Poster,
        Bytes::Waveform => MediaKind::Waveform,
    };
    let url = crate::domain::files::signed_url(pool, media, base, &file, kind).await?;
    tracing::info!(link = guest.link.id, guest = %guest.name, file = id, what = ?what, "guest fetched media");
    Ok(url)
}
