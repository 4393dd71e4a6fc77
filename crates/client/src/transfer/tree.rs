//! Queuing a local folder: its tree is recreated remotely (folders first, then the files), and
//! an existing remote folder of the same name is merged into, as file managers do.

use std::path::{Path, PathBuf};

use rushes_api::error::ErrorCode;
use rushes_api::folders::NewFolder;
use rushes_api::page::ListQuery;
use rushes_api::transfers::{OnConflict, QueuedBatch};
use rushes_api::Id;

use super::engine::{Engine, UploadRequest};
use super::source::io_error;
use crate::{ApiClient, ClientError};

/// What to leave out of a folder upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeOptions {
    /// Skip names starting with a dot (`.DS_Store`, `.git`).
    pub skip_hidden: bool,
    /// Follow symbolic links; when false they are skipped (a link can point anywhere, even to
    /// its own parent).
    pub follow_symlinks: bool,
}

impl Default for TreeOptions {
    fn default() -> Self {
        Self {
            skip_hidden: true,
            follow_symlinks: false,
        }
    }
}

/// A local folder as found on disk: relative folder paths (parents before children) and files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LocalTree {
    pub folders: Vec<PathBuf>,
    pub files: Vec<PathBuf>,
    /// Bytes of all the files.
    pub bytes: u64,
    /// Entries left out: hidden ones and links, as the options say.
    pub skipped: u32,
}

/// Walks `root` (without following links unless asked), parents before children.
pub fn walk(root: &Path, options: TreeOptions) -> Result<LocalTree, ClientError> {
    let mut tree = LocalTree::default();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let dir = root.join(&rel);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(io_error(format!("reading {}", dir.display())))?
            .collect::<Result<_, _>>()
            .map_err(io_error(format!("reading {}", dir.display())))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            if options.skip_hidden && name.to_string_lossy().starts_with('.') {
                tree.skipped += 1;
                continue;
            }
            let path = entry.path();
            let link = entry
                .file_type()
                .map_err(io_error(format!("reading {}", path.display())))?
                .is_symlink();
            if link && !options.follow_symlinks {
                tree.skipped += 1;
                continue;
            }
            let meta = std::fs::metadata(&path)
                .map_err(io_error(format!("reading {}", path.display())))?;
            let child = rel.join(&name);
            if meta.is_dir() {
                tree.folders.push(child.clone());
                pending.push(child);
            } else if meta.is_file() {
                tree.bytes += meta.len();
                tree.files.push(child);
            }
        }
    }
    tree.folders.sort_by_key(|p| p.components().count());
    Ok(tree)
}

/// A local folder to upload into a remote folder.
#[derive(Debug, Clone)]
pub struct TreeUpload {
    pub connection: String,
    /// The local folder; it becomes a folder of the same name inside `parent`.
    pub local: PathBuf,
    pub project: Id,
    pub parent: Id,
    pub options: TreeOptions,
    /// Applies to the files: the folders themselves merge into existing ones of the same name.
    pub on_conflict: OnConflict,
    /// Joins a batch queued with other paths of the same drop; a fresh batch when `None`.
    pub batch: Option<String>,
    /// Picks up, file by file, what an earlier run of the same upload left in the queue
    /// ([`super::rerun`]): the command line's "run it again". The app asks about clashes
    /// instead.
    pub again: bool,
}

/// Recreates the local folder inside the remote one and queues its files as one batch.
pub async fn upload_tree(
    engine: &Engine,
    api: &ApiClient,
    req: TreeUpload,
) -> Result<QueuedBatch, ClientError> {
    let TreeUpload {
        connection,
        local,
        project,
        parent,
        options,
        on_conflict,
        batch,
        again,
    } = req;
    let (connection, local) = (connection.as_str(), local.as_path());
    let root_name = local
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| ClientError::Invalid(format!("{} has no name", local.display())))?;
    let root = local.to_owned();
    let tree = walk_blocking(root, options).await?;

    let mut remote: std::collections::HashMap<PathBuf, Id> = std::collections::HashMap::new();
    let mut folders_created = 0;
    let (top, made) = ensure_folder(api, project, parent, &root_name).await?;
    folders_created += u32::from(made);
    remote.insert(PathBuf::new(), top);
    for rel in &tree.folders {
        let parent_rel = rel.parent().unwrap_or(Path::new("")).to_owned();
        let parent_id = *remote
            .get(&parent_rel)
            .ok_or_else(|| ClientError::Invalid(format!("{} has no parent", rel.display())))?;
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (id, made) = ensure_folder(api, project, parent_id, &name).await?;
        folders_created += u32::from(made);
        remote.insert(rel.clone(), id);
    }

    let batch = batch.unwrap_or_else(|| hex::encode(rand::random::<[u8; 12]>()));
    let mut queued = Vec::with_capacity(tree.files.len());
    for rel in &tree.files {
        let parent_rel = rel.parent().unwrap_or(Path::new("")).to_owned();
        let folder_id = *remote
            .get(&parent_rel)
            .ok_or_else(|| ClientError::Invalid(format!("{} has no parent", rel.display())))?;
        let request = UploadRequest {
            connection: connection.to_owned(),
            source: local.join(rel),
            project_id: project,
            folder_id,
            name: None,
            on_conflict,
            batch: Some(batch.clone()),
            version_of: None,
        };
        queued.push(if again {
            super::rerun::upload_again(engine, api, request).await?
        } else {
            engine.enqueue_upload(request).await?
        });
    }
    Ok(QueuedBatch {
        batch,
        transfers: queued,
        folders_created,
        skipped: tree.skipped,
    })
}

/// [`walk`] off the async threads: a card of rushes can hold thousands of entries.
pub async fn walk_blocking(root: PathBuf, options: TreeOptions) -> Result<LocalTree, ClientError> {
    tokio::task::spawn_blocking(move || walk(&root, options))
        .await
        .map_err(|e| ClientError::Io {
            context: "reading the folder".into(),
            source: std::io::Error::other(e),
        })?
}

/// The id of folder `name` in `parent`, made if missing, and whether it was made.
async fn ensure_folder(
    api: &ApiClient,
    project: Id,
    parent: Id,
    name: &str,
) -> Result<(Id, bool), ClientError> {
    let new = NewFolder {
        name: name.to_owned(),
        parent_id: Some(parent),
    };
    match api.create_folder(project, &new).await {
        Ok(f) => Ok((f.id, true)),
        Err(ClientError::Api(env)) if env.code == ErrorCode::NameTaken => {
            let query = ListQuery {
                name: Some(name.to_owned()),
                ..ListQuery::default()
            };
            api.folders_page(project, Some(parent), &query, 1, 500)
                .await?
                .items
                .into_iter()
                .find(|f| f.name == name)
                .map(|f| (f.id, false))
                .ok_or_else(|| {
                    ClientError::Invalid(format!(
                        "a file called {name} is where the folder would go"
                    ))
                })
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_parents_first_and_skips_hidden_files_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("A/B")).unwrap();
        std::fs::create_dir_all(root.join(".cache")).unwrap();
        std::fs::write(root.join("A/B/c.mov"), b"c").unwrap();
        std::fs::write(root.join("a.wav"), b"a").unwrap();
        std::fs::write(root.join(".DS_Store"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("A"), root.join("loop")).unwrap();
        let tree = walk(root, TreeOptions::default()).unwrap();
        assert_eq!(tree.folders, [PathBuf::from("A"), PathBuf::from("A/B")]);
        let mut files = tree.files.clone();
        files.sort();
        assert_eq!(files, [PathBuf::from("A/B/c.mov"), PathBuf::from("a.wav")]);
        assert_eq!(tree.bytes, 2);
        assert_eq!(tree.skipped, 3, ".cache, .DS_Store and the link");

        let all = walk(
            root,
            TreeOptions {
                skip_hidden: false,
                follow_symlinks: false,
            },
        )
        .unwrap();
        assert!(all.files.contains(&PathBuf::from(".DS_Store")));
        assert!(!all.folders.contains(&PathBuf::from("loop")));
    }
}
