//! What the app does with a drop, a pick or a "download these": checks the dropped paths
//! against the target folder (so the person can be asked about name clashes before anything
//! moves), then queues files and folders as one batch, and downloads as another.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rushes_api::page::{ListQuery, MAX_PER_PAGE};
use rushes_api::transfers::{DownloadItem, OnConflict, QueuedBatch, UploadCandidate, UploadItem};
use rushes_api::Id;

use super::engine::{DownloadRequest, Engine, UploadRequest};
use super::source::io_error;
use super::tree::{upload_tree, walk_blocking, TreeOptions, TreeUpload};
use crate::{ApiClient, ClientError};

/// The most paths one drop may hold: a drop of more is almost surely a mistake (a whole disk),
/// and each is checked against the server before anything is queued.
pub const MAX_DROPPED: usize = 10_000;
/// Up to this many dropped paths, each name is looked up by itself.
const LOOKUP_ONE_BY_ONE: usize = 16;

/// Where downloads go, and whether it may be made when it is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadFolder {
    /// A folder the person chose. Missing, it is most likely on a drive that is not connected
    /// (or was renamed): making it would quietly fill the system disk instead, so it is pointed
    /// out before anything is queued (as `Invalid`: the setting no longer names a folder).
    Chosen(PathBuf),
    /// The system's Downloads folder, made when it does not exist yet.
    Default(PathBuf),
}

impl DownloadFolder {
    /// Whether downloads can go here now, without making anything: a chosen folder must exist
    /// and be a folder; the system's Downloads folder is made when needed.
    pub async fn check(&self) -> Result<(), ClientError> {
        let Self::Chosen(dir) = self else {
            return Ok(());
        };
        if !dir.is_absolute() {
            return Err(ClientError::Invalid(format!(
                "The download folder {} is not a full path. Choose a folder in Settings.",
                dir.display()
            )));
        }
        match tokio::fs::metadata(dir).await {
            Ok(meta) if meta.is_dir() => Ok(()),
            Ok(_) => Err(ClientError::Invalid(format!(
                "The download folder {} is a file, not a folder. Choose another in Settings.",
                dir.display()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(ClientError::Invalid(format!(
                    "The download folder {} does not exist (is its drive connected?). \
                 Connect it, or choose another in Settings.",
                    dir.display()
                )))
            }
            Err(e) => Err(io_error(format!("looking at {}", dir.display()))(e)),
        }
    }

    /// The folder, made first when that is safe; a clear error when it is not there.
    async fn ready(&self) -> Result<PathBuf, ClientError> {
        self.check().await?;
        match self {
            Self::Default(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(io_error(format!("making {}", dir.display())))?;
                Ok(dir.clone())
            }
            Self::Chosen(dir) => Ok(dir.clone()),
        }
    }
}

/// The remote folder a drop or pick goes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropTarget {
    pub connection: String,
    pub project: Id,
    pub folder: Id,
}

/// Looks at each dropped path and says what it would send and whether its name is taken in the
/// target folder (a file by a file of that name, a folder by a folder of that name).
pub async fn check(
    api: &ApiClient,
    target: &DropTarget,
    paths: &[String],
    options: TreeOptions,
) -> Result<Vec<UploadCandidate>, ClientError> {
    check_count(paths.len())?;
    // A few names are looked up one by one; a big drop reads the folder once instead.
    let taken = if paths.len() > LOOKUP_ONE_BY_ONE {
        Some(taken_names(api, target, None).await?)
    } else {
        None
    };
    let mut out = Vec::with_capacity(paths.len());
    for given in paths {
        let path = local_path(given)?;
        let name = name_of(&path)?;
        let meta = tokio::fs::metadata(&path)
            .await
            .map_err(io_error(format!("reading {given}")))?;
        let taken = match &taken {
            Some(all) => all,
            None => &taken_names(api, target, Some(&name)).await?,
        };
        let (size, files, exists) = if meta.is_dir() {
            let tree = walk_blocking(path.clone(), options).await?;
            let files = u32::try_from(tree.files.len()).unwrap_or(u32::MAX);
            (tree.bytes, files, taken.folders.contains(&name))
        } else if meta.is_file() {
            (meta.len(), 1, taken.files.contains(&name))
        } else {
            return Err(ClientError::Invalid(format!(
                "{given} is neither a file nor a folder"
            )));
        };
        out.push(UploadCandidate {
            path: given.clone(),
            name,
            is_dir: meta.is_dir(),
            size,
            files,
            exists,
        });
    }
    Ok(out)
}

/// Queues dropped files and folders into the target as one batch. A folder's tree is made
/// remotely first; its files take the item's clash policy.
pub async fn queue_uploads(
    engine: &Engine,
    api: &ApiClient,
    target: &DropTarget,
    items: &[UploadItem],
    options: TreeOptions,
) -> Result<QueuedBatch, ClientError> {
    check_count(items.len())?;
    // Every path is checked before the first is queued, so a bad one queues nothing.
    let mut resolved = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for item in items {
        let path = local_path(&item.path)?;
        // The same path twice in one drop is sent once.
        if !seen.insert(path.clone()) {
            continue;
        }
        name_of(&path)?;
        let meta = tokio::fs::metadata(&path)
            .await
            .map_err(io_error(format!("reading {}", item.path)))?;
        if !meta.is_dir() && !meta.is_file() {
            return Err(ClientError::Invalid(format!(
                "{} is neither a file nor a folder",
                item.path
            )));
        }
        if item.version_of.is_some() && meta.is_dir() {
            return Err(ClientError::Invalid(format!(
                "{} is a folder: only a file can be a new version of a file",
                item.path
            )));
        }
        resolved.push((path, meta.is_dir(), item.on_conflict, item.version_of));
    }
    let batch = super::engine::new_id();
    let mut queued = QueuedBatch {
        batch: batch.clone(),
        transfers: Vec::new(),
        folders_created: 0,
        skipped: 0,
    };
    for (path, is_dir, on_conflict, version_of) in resolved {
        if is_dir {
            let tree = upload_tree(
                engine,
                api,
                TreeUpload {
                    connection: target.connection.clone(),
                    local: path,
                    project: target.project,
                    parent: target.folder,
                    options,
                    on_conflict,
                    batch: Some(batch.clone()),
                    again: false,
                },
            )
            .await?;
            queued.transfers.extend(tree.transfers);
            queued.folders_created += tree.folders_created;
            queued.skipped += tree.skipped;
        } else {
            let t = engine
                .enqueue_upload(UploadRequest {
                    connection: target.connection.clone(),
                    source: path,
                    project_id: target.project,
                    folder_id: target.folder,
                    name: None,
                    // A version asked for explicitly is never anything else.
                    on_conflict: if version_of.is_some() {
                        OnConflict::NewVersion
                    } else {
                        on_conflict
                    },
                    batch: Some(batch.clone()),
                    version_of,
                })
                .await?;
            queued.transfers.push(t);
        }
    }
    Ok(queued)
}

/// Queues downloads of remote files into `folder` as one batch. A local file of the same
/// name is kept: the download gets a free name beside it.
pub async fn queue_downloads(
    engine: &Engine,
    connection: &str,
    project: Id,
    items: &[DownloadItem],
    folder: &DownloadFolder,
) -> Result<QueuedBatch, ClientError> {
    check_count(items.len())?;
    let dest_dir = folder.ready().await?;
    let dest_dir = dest_dir.as_path();
    // Hostile remote names get safe local ones in `enqueue_download`.
    let batch = super::engine::new_id();
    let mut transfers = Vec::with_capacity(items.len());
    for item in items {
        transfers.push(
            engine
                .enqueue_download(DownloadRequest {
                    connection: connection.to_owned(),
                    project_id: project,
                    folder_id: item.folder_id,
                    file_id: item.file_id,
                    name: item.name.clone(),
                    dest_dir: dest_dir.to_owned(),
                    on_conflict: OnConflict::KeepBoth,
                    batch: Some(batch.clone()),
                })
                .await?,
        );
    }
    Ok(QueuedBatch {
        batch,
        transfers,
        folders_created: 0,
        skipped: 0,
    })
}

fn check_count(n: usize) -> Result<(), ClientError> {
    if n == 0 {
        return Err(ClientError::Invalid("nothing to transfer".into()));
    }
    if n > MAX_DROPPED {
        return Err(ClientError::Invalid(format!(
            "{n} items at once is more than the {MAX_DROPPED} a drop may hold; drop their folder instead"
        )));
    }
    Ok(())
}

/// A dropped path must be absolute: the app hands over what the system gave it, and a
/// relative path would depend on the app's working folder.
fn local_path(given: &str) -> Result<PathBuf, ClientError> {
    let path = PathBuf::from(given);
    if !path.is_absolute() {
        return Err(ClientError::Invalid(format!(
            "{given} is not a full path to a file or folder"
        )));
    }
    Ok(path)
}

fn name_of(path: &Path) -> Result<String, ClientError> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| ClientError::Invalid(format!("{} has no name", path.display())))
}

/// Names in the target folder: of its files and of its subfolders.
struct Taken {
    files: HashSet<String>,
    folders: HashSet<String>,
}

/// The names in the target folder, all of them or those containing `name` (the server's
/// filter ignores case; a clash is an exact match, which the callers test).
async fn taken_names(
    api: &ApiClient,
    target: &DropTarget,
    name: Option<&str>,
) -> Result<Taken, ClientError> {
    let query = ListQuery {
        name: name.map(str::to_owned),
        ..ListQuery::default()
    };
    let files = api
        .list_files(target.project, target.folder, &query)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect();
    let folders = match name {
        Some(_) => {
            let page = api
                .folders_page(target.project, Some(target.folder), &query, 1, MAX_PER_PAGE)
                .await?;
            page.items
        }
        None => {
            api.list_folders(target.project, Some(target.folder))
                .await?
        }
    }
    .into_iter()
    .map(|f| f.name)
    .collect();
    Ok(Taken { files, folders })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_paths_are_checked() {
        assert!(check_count(0).is_err());
        assert!(check_count(1).is_ok());
        assert!(check_count(MAX_DROPPED + 1).is_err());
        assert!(local_path("relative/clip.mov").is_err());
        assert!(local_path("/abs/clip.mov").is_ok());
        assert!(name_of(Path::new("/")).is_err());
        assert_eq!(name_of(Path::new("/a/clip.mov")).unwrap(), "clip.mov");
    }
}
