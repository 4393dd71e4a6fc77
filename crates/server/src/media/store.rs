//! The media store: a directory of immutable blobs, one per upload, named by a storage key.
//!
//! Bytes arrive in a staging file; [`MediaStore::prepare`] hashes and fsyncs it and
//! [`MediaStore::place`] renames it into place, so a blob is either complete or absent. The database row that makes a file
//! visible is written after the rename, so a crash leaves at worst an unreferenced blob, never a
//! visible partial file.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rushes_api::Id;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ServerError};

/// Where blobs live inside the data dir.
const MEDIA_DIR: &str = "media";
/// Where uploads in progress live inside the data dir (same file system, so rename is atomic).
const STAGING_DIR: &str = "staging";
/// Where media jobs write their output until it is complete (same file system again). Emptied
/// at start: what is in it belonged to a job a stop interrupted.
const WORK_DIR: &str = "media-work";
/// Read size when hashing: large enough to keep the disk streaming.
const HASH_BUFFER: usize = 1024 * 1024;

/// Failures of the media store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid storage key {0:?}")]
    InvalidKey(String),
    #[error("background task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// A request that fails in the store fails as a whole; the details go to the log.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::Io { source, .. } if rushes_api::error::is_disk_full(source) => {
                Self::DiskFull(format!("media store: {e}"))
            }
            _ => Self::Internal(format!("media store: {e}")),
        }
    }
}

impl From<StoreError> for ServerError {
    fn from(e: StoreError) -> Self {
        Self::Media(e.to_string())
    }
}

/// A blob that [`MediaStore::prepare`] made ready to put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    pub storage_key: String,
    pub size: i64,
    /// Lower-case hex.
    pub sha256: String,
}

/// The media directories of one data dir. Cheap to clone.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
    staging: PathBuf,
    work: PathBuf,
}

impl MediaStore {
    /// The store inside `data_dir`, creating its directories.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let root = data_dir.join(MEDIA_DIR);
        let staging = data_dir.join(STAGING_DIR);
        let work = data_dir.join(WORK_DIR);
        for dir in [&root, &staging, &work] {
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        }
        Ok(Self {
            root,
            staging,
            work,
        })
    }

    /// Whether the store can take bytes now: the blob directory is there and a file can be
    /// made and removed where uploads are written. What `/readyz` asks.
    pub async fn check_ready(&self) -> Result<(), StoreError> {
        let root = self.root.clone();
        let probe = self
            .staging
            .join(format!(".ready-{}", crate::random::random_string(8)));
        tokio::task::spawn_blocking(move || {
            std::fs::read_dir(&root).map_err(io("read", &root))?;
            std::fs::write(&probe, b"").map_err(io("write", &probe))?;
            std::fs::remove_file(&probe).map_err(io("remove", &probe))
        })
        .await?
    }

    /// Where media jobs write, one subdirectory per job.
    pub fn work_dir(&self) -> &Path {
        &self.work
    }

    /// Removes everything in the work directory: half-written outputs of jobs a stop
    /// interrupted. Run at start, before any job runs.
    pub async fn clear_work(&self) -> Result<usize, StoreError> {
        let work = self.work.clone();
        tokio::task::spawn_blocking(move || {
            let mut removed = 0;
            for entry in std::fs::read_dir(&work).map_err(io("read", &work))? {
                let path = entry.map_err(io("read", &work))?.path();
                let gone = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                gone.map_err(io("remove", &path))?;
                removed += 1;
            }
            Ok(removed)
        })
        .await?
    }

    /// Moves a complete output a job wrote (in the work directory) into the store as a new blob
    /// of `file_id`, fsynced, and returns its key.
    pub async fn put_file(
        &self,
        file_id: Id,
        suffix: &str,
        from: &Path,
    ) -> Result<String, StoreError> {
        let key = Self::new_key(file_id, suffix);
        let target = self.path(&key)?;
        let from = from.to_path_buf();
        tokio::task::spawn_blocking(move || {
            std::fs::File::open(&from)
                .and_then(|f| f.sync_all())
                .map_err(io("fsync", &from))?;
            place(&from, &target)?;
            Ok(key)
        })
        .await?
    }

    /// Where uploads in progress are written.
    pub fn staging_dir(&self) -> &Path {
        &self.staging
    }

    /// A new, unused storage key for file `file_id`: sharded so no directory grows huge, and
    /// random so a re-upload never reuses the key a signed URL was made for.
    pub fn new_key(file_id: Id, suffix: &str) -> String {
        let shard = file_id.rem_euclid(256);
        let random = crate::random::random_string(12).to_lowercase();
        let random: String = random.chars().filter(char::is_ascii_alphanumeric).collect();
        format!("{shard:02x}/{file_id}-{random}{suffix}")
    }

    /// The path of the blob named `key`. Keys are made by [`Self::new_key`]; anything else
    /// (a `..`, an absolute path) is refused so a bad row can never point outside the store.
    pub fn path(&self, key: &str) -> Result<PathBuf, StoreError> {
        let valid = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            });
        if valid {
            Ok(self.root.join(key))
        } else {
            Err(StoreError::InvalidKey(key.to_owned()))
        }
    }

    /// Hashes the complete staging file and fsyncs it, and picks the new key its bytes will live
    /// under for `file_id`. Nothing moves yet: the caller records the key, size and hash
    /// durably first, then calls [`Self::place`], so a crash in between is finished from the
    /// record instead of guessed at.
    pub async fn prepare(&self, file_id: Id, staging: &Path) -> Result<Committed, StoreError> {
        let key = Self::new_key(file_id, "");
        self.path(&key)?;
        let staging = staging.to_path_buf();
        tokio::task::spawn_blocking(move || hash_and_sync(&staging, key)).await?
    }

    /// Renames a prepared staging file into place as blob `key` and makes the name durable.
    pub async fn place(&self, staging: &Path, key: &str) -> Result<(), StoreError> {
        let target = self.path(key)?;
        let staging = staging.to_path_buf();
        tokio::task::spawn_blocking(move || place(&staging, &target)).await?
    }

    /// Whether blob `key` is in the store.
    pub async fn contains(&self, key: &str) -> Result<bool, StoreError> {
        let path = self.path(key)?;
        tokio::fs::try_exists(&path)
            .await
            .map_err(io("read", &path))
    }

    /// Writes `bytes` as a new blob for `file_id` (posters: small, made in one piece). The bytes
    /// go to a `.tmp` file beside the target first, so the blob appears complete or not at all.
    pub async fn put_small(
        &self,
        file_id: Id,
        suffix: &str,
        bytes: Vec<u8>,
    ) -> Result<String, StoreError> {
        let key = Self::new_key(file_id, suffix);
        let target = self.path(&key)?;
        tokio::task::spawn_blocking(move || {
            let dir = target.parent().unwrap_or(&target);
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
            let temp = target.with_extension("tmp");
            let mut f = std::fs::File::create(&temp).map_err(io("create", &temp))?;
            f.write_all(&bytes).map_err(io("write", &temp))?;
            f.sync_all().map_err(io("fsync", &temp))?;
            place(&temp, &target)?;
            Ok(key)
        })
        .await?
    }

    /// Removes every blob not named in `referenced`: what a crash left between writing a blob
    /// and recording it, or between deleting a record and its blob. Run at start, before any
    /// request or job can be writing. Returns how many were removed.
    pub async fn sweep(&self, referenced: HashSet<String>) -> Result<usize, StoreError> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            let mut removed = 0;
            for shard in std::fs::read_dir(&root).map_err(io("read", &root))? {
                let shard = shard.map_err(io("read", &root))?;
                let shard_name = shard.file_name().to_string_lossy().into_owned();
                let Ok(entries) = std::fs::read_dir(shard.path()) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let key = format!("{shard_name}/{}", entry.file_name().to_string_lossy());
                    if !referenced.contains(&key) {
                        let path = entry.path();
                        std::fs::remove_file(&path).map_err(io("remove", &path))?;
                        removed += 1;
                    }
                }
            }
            Ok(removed)
        })
        .await?
    }

    /// Removes blobs whose records are gone. Failures are logged, not returned: the records are
    /// already deleted, and a leftover blob is invisible.
    pub async fn remove(&self, keys: Vec<String>) {
        for key in keys {
            let path = match self.path(&key) {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(error = %e, "not removing blob");
                    continue;
                }
            };
            match tokio::fs::remove_file(&path).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!(error = %e, path = %path.display(), "blob not removed"),
            }
        }
    }
}

fn hash_and_sync(staging: &Path, key: String) -> Result<Committed, StoreError> {
    let mut file = std::fs::File::open(staging).map_err(io("open", staging))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; HASH_BUFFER];
    let mut size: i64 = 0;
    loop {
        let n = file.read(&mut buf).map_err(io("read", staging))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += i64::try_from(n).unwrap_or(i64::MAX);
    }
    file.sync_all().map_err(io("fsync", staging))?;
    Ok(Committed {
        storage_key: key,
        size,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// Renames a complete, fsynced file into place and fsyncs the directory, so the new name
/// survives a crash too.
fn place(from: &Path, to: &Path) -> Result<(), StoreError> {
    let dir = to.parent().unwrap_or(to);
    std::fs::create_dir_all(dir).map_err(io("create", dir))?;
    std::fs::rename(from, to).map_err(io("rename", from))?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io("fsync", dir))
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn prepare_hashes_and_place_moves_the_staging_file_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::open(dir.path()).unwrap();
        let staging = store.staging_dir().join("upload");
        std::fs::write(&staging, b"abc").unwrap();
        let done = store.prepare(7, &staging).await.unwrap();
        assert!(staging.exists(), "prepare moves nothing");
        assert!(!store.contains(&done.storage_key).await.unwrap());
        store.place(&staging, &done.storage_key).await.unwrap();
        assert!(store.contains(&done.storage_key).await.unwrap());
        assert_eq!(done.size, 3);
        assert_eq!(
            done.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!staging.exists());
        assert_eq!(
            std::fs::read(store.path(&done.storage_key).unwrap()).unwrap(),
            b"abc"
        );
        store.remove(vec![done.storage_key.clone()]).await;
        assert!(!store.path(&done.storage_key).unwrap().exists());
    }

    #[tokio::test]
    async fn sweep_removes_only_unreferenced_blobs() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::open(dir.path()).unwrap();
        let keep = store.put_small(1, ".jpg", b"keep".to_vec()).await.unwrap();
        let lost = store.put_small(1, ".jpg", b"lost".to_vec()).await.unwrap();
        let removed = store.sweep(HashSet::from([keep.clone()])).await.unwrap();
        assert_eq!(removed, 1);
        assert!(store.path(&keep).unwrap().exists());
        assert!(!store.path(&lost).unwrap().exists());
    }

    #[test]
    fn keys_are_sharded_unique_and_never_leave_the_store() {
        let a = MediaStore::new_key(258, "");
        let b = MediaStore::new_key(258, "");
        assert!(a.starts_with("02/258-"), "{a}");
        assert_ne!(a, b);
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::open(dir.path()).unwrap();
        assert!(store.path(&a).is_ok());
        for bad in ["", "../x", "/etc/passwd", "a//b", "a/./b", "a b"] {
            assert!(store.path(bad).is_err(), "{bad:?}");
        }
    }
}
