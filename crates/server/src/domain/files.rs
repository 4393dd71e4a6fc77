//! Files: creating the record an upload fills, listing, reading, renaming, moving, deleting, and
//! handing out signed media URLs.

use rushes_api::files::{File, FileUpdate, NewFile};
use rushes_api::renditions::RenditionKind;
use rushes_api::Id;

use crate::access::{FileAccess, ProjectAccess, Role};
use crate::config::MAX_FILE_SIZE;
use crate::db::files::{self, FileRow, NewFileRow, Shown, Viewer};
use crate::db::listing::Listing;
use crate::db::media_jobs::{self, JobKind};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{folders, is_unique_violation, versions, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::media::{MediaKind, MediaState};
use crate::validate;

/// Creates a pending file record in folder `folder_id`; its bytes arrive by upload.
pub async fn create(
    pool: &Pool,
    caller: &UserRow,
    (project_id, folder_id): (Id, Id),
    new: &NewFile,
) -> Result<File, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    access
        .folder(pool, folder_id)
        .await?
        .require(Role::Editor)?;
    let mut problems = Problems::default();
    problems.check("name", validate::name(&new.name));
    problems.check(
        "size",
        match new.size {
            Some(s) if !(0..=MAX_FILE_SIZE).contains(&s) => {
                Err("must be between 0 and 1125899906842624")
            }
            _ => Ok(()),
        },
    );
    if let Some(t) = &new.content_type {
        problems.check("content_type", validate::content_type(t));
    }
    problems.finish()?;
    if folders::name_exists(pool, project_id, Some(folder_id), &new.name).await? {
        return Err(ApiError::NameTaken);
    }
    let content_type = new
        .content_type
        .clone()
        .unwrap_or_else(|| guess_content_type(&new.name));
    let row = NewFileRow {
        project_id,
        folder_id,
        name: &new.name,
        content_type: &content_type,
        size: new.size,
        created_by: caller.id,
    };
    match files::insert(pool, &row, now_ms()).await {
        Ok(file) => one_to_api(pool, file, Viewer::Member(caller.id)).await,
        Err(e) if is_unique_violation(&e) => Err(ApiError::NameTaken),
        Err(e) => Err(e.into()),
    }
}

/// One page of the files in a folder, and the total. Someone who only passes through the folder
/// (their grant is further down) sees none.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    (project_id, folder_id): (Id, Id),
    listing: &Listing,
    window: Window,
) -> Result<(Vec<File>, i64), ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    let folder = access.folder(pool, folder_id).await?;
    if folder.role().is_none() {
        return Ok((Vec::new(), 0));
    }
    let page = (window.limit, window.offset);
    let rows = files::list(pool, folder_id, listing, Shown::All, page).await?;
    let total = files::count(pool, folder_id, listing, Shown::All).await?;
    let items = files::to_api_all(pool, &rows, Viewer::Member(caller.id)).await?;
    Ok((items, total))
}

/// The file `id` in `folder_id`, for a caller with at least `min` there.
pub async fn access(
    pool: &Pool,
    caller: &UserRow,
    (project_id, folder_id, id): (Id, Id, Id),
    min: Role,
) -> Result<FileAccess, ApiError> {
    let access = ProjectAccess::load(pool, caller, project_id).await?;
    let file = access.file(pool, folder_id, id).await?;
    file.require(min)?;
    Ok(file)
}

/// One file: whichever version `id` is.
pub async fn get(pool: &Pool, caller: &UserRow, ids: (Id, Id, Id)) -> Result<File, ApiError> {
    let file = access(pool, caller, ids, Role::Viewer).await?.file;
    one_to_api(pool, file, Viewer::Member(caller.id)).await
}

/// Renames an entry and/or moves it to another folder of the project (an editor's job at both
/// ends): every version goes with it.
pub async fn update(
    pool: &Pool,
    caller: &UserRow,
    (project_id, folder_id, id): (Id, Id, Id),
    update: &FileUpdate,
) -> Result<File, ApiError> {
    let project = ProjectAccess::load(pool, caller, project_id).await?;
    let file = project.file(pool, folder_id, id).await?;
    file.require(Role::Editor)?;
    let mut problems = Problems::default();
    if let Some(name) = &update.name {
        problems.check("name", validate::name(name));
    }
    problems.finish()?;
    let target = update.folder_id.unwrap_or(folder_id);
    if target != folder_id {
        project.folder(pool, target).await?.require(Role::Editor)?;
    }
    let name = update.name.as_deref().unwrap_or(&file.file.name);
    let unchanged = target == folder_id && name == file.file.name;
    if !unchanged && folders::name_exists(pool, project_id, Some(target), name).await? {
        return Err(ApiError::NameTaken);
    }
    if !unchanged && files::name_exists(pool, target, name).await? {
        return Err(ApiError::NameTaken);
    }
    match files::update_place(pool, file.file.stack_id, target, name, now_ms()).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => return Err(ApiError::NameTaken),
        Err(e) => return Err(e.into()),
    }
    let row = files::by_id(pool, project_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    one_to_api(pool, row, Viewer::Member(caller.id)).await
}

/// Deletes an entry, every version of it, and then their bytes. A download in progress
/// finishes (the open file outlives its name); new requests for it get 404; the media jobs of
/// the versions stop, their bytes gone.
pub async fn delete(
    pool: &Pool,
    media: &MediaState,
    caller: &UserRow,
    ids: (Id, Id, Id),
) -> Result<(), ApiError> {
    let file = access(pool, caller, ids, Role::Editor).await?.file;
    let mut tx = crate::db::begin_write(pool).await?;
    let mut keys = Vec::new();
    for version in versions::of_stack(&mut *tx, file.stack_id).await? {
        keys.extend(files::storage_keys_of(&mut *tx, version.id).await?);
        keys.extend(version.storage_key);
    }
    files::delete_stack(&mut *tx, file.stack_id).await?;
    tx.commit().await?;
    media.store.remove(keys).await;
    Ok(())
}

/// Queues file `ids`' failed `kind` job again (an editor's call: it spends the server's time).
pub async fn retry(
    pool: &Pool,
    media: &MediaState,
    caller: &UserRow,
    ids: (Id, Id, Id),
    kind: RenditionKind,
) -> Result<File, ApiError> {
    let file = access(pool, caller, ids, Role::Editor).await?.file;
    let job = match kind {
        RenditionKind::Probe => JobKind::Probe,
        RenditionKind::Proxy => JobKind::Proxy,
        RenditionKind::Waveform => JobKind::Waveform,
    };
    if !media_jobs::retry(pool, file.id, job).await? {
        return Err(ApiError::Conflict(format!(
            "the file's {} has not failed",
            job.as_str()
        )));
    }
    media.jobs.wake();
    one_to_api(pool, file, Viewer::Member(caller.id)).await
}

/// A signed URL for the file's bytes (or its poster), valid for the configured time.
pub async fn media_url(
    pool: &Pool,
    media: &MediaState,
    base: &url::Url,
    caller: &UserRow,
    ids: (Id, Id, Id),
    kind: MediaKind,
) -> Result<url::Url, ApiError> {
    let file = access(pool, caller, ids, Role::Viewer).await?.file;
    signed_url(pool, media, base, &file, kind).await
}

/// A signed URL for `file`'s bytes (or its poster, proxy or waveform), for a caller already
/// allowed to see it; 409 while its upload is not complete, 404 when that rendition is not made.
pub async fn signed_url(
    pool: &Pool,
    media: &MediaState,
    base: &url::Url,
    file: &FileRow,
    kind: MediaKind,
) -> Result<url::Url, ApiError> {
    let key = match kind {
        MediaKind::Original => file
            .storage_key
            .clone()
            .filter(|_| file.is_ready())
            .ok_or_else(|| ApiError::Conflict("the file's upload is not complete yet".into()))?,
        derived => derived
            .derived_key(pool, file.id)
            .await?
            .ok_or(ApiError::NotFound)?,
    };
    let ttl = i64::try_from(media.url_ttl.as_secs()).unwrap_or(i64::MAX);
    let expires = now_ms() / 1000 + ttl;
    let signature = media.signer.sign(kind, file.id, &key, expires);
    let path = match kind {
        MediaKind::Original => format!("media/{}", file.id),
        derived => format!("media/{}/{}", file.id, derived.tag()),
    };
    let mut url = base
        .join(&path)
        .map_err(|e| ApiError::Internal(format!("media URL: {e}")))?;
    url.query_pairs_mut()
        .append_pair("e", &expires.to_string())
        .append_pair("s", &signature);
    Ok(url)
}

/// One file as the API shows it to `viewer`, with its renditions.
pub async fn one_to_api(pool: &Pool, row: FileRow, viewer: Viewer) -> Result<File, ApiError> {
    let mut all = files::to_api_all(pool, std::slice::from_ref(&row), viewer).await?;
    all.pop().ok_or(ApiError::NotFound)
}

/// A MIME type from the file name's extension; `application/octet-stream` when unknown.
fn guess_content_type(name: &str) -> String {
    mime_guess::from_path(name)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_owned()
}
