//! The staging files of uploads in progress, in the media store's staging directory (the same
//! file system as the store, so finishing is a rename).
//!
//! A PATCH body is streamed to disk in bounded buffers, never held whole. Bytes count only once
//! they are fsynced: the caller records the new offset after [`Staging::append`] returns, and
//! every append first cuts the file back to the recorded offset, so bytes a crash left beyond it
//! are never trusted.

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use axum::body::{Body, Bytes, HttpBody};
use tokio::fs::{File, OpenOptions};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use super::checksum::Checksum;
use super::TusError;

/// Bytes gathered before one write to disk: big enough to stream, small enough to never matter.
const WRITE_BUFFER: usize = 1024 * 1024;
/// Staging files of tus uploads are named `tus-<upload id>`.
const PREFIX: &str = "tus-";
/// How old a staging file without an upload must be before the start-up sweep removes it.
const ORPHAN_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// The staging directory. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Staging {
    dir: PathBuf,
}

/// What one append did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    /// Bytes now durably in the file after the old offset.
    pub written: i64,
    /// The body broke off before its end (the client went away); `written` is what arrived.
    pub interrupted: bool,
}

impl Staging {
    /// The staging files in `dir`.
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    /// The staging file of upload `id` (ids are checked to be plain hex before they get here).
    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{PREFIX}{id}"))
    }

    /// Creates the empty staging file of a new upload and makes its name durable, so an offset
    /// recorded later always has a file behind it.
    pub async fn create(&self, id: &str) -> Result<(), TusError> {
        let file = File::create(self.path(id)).await?;
        file.sync_all().await?;
        sync_dir(&self.dir).await
    }

    /// Removes upload `id`'s staging file, if any.
    pub async fn remove(&self, id: &str) {
        let path = self.path(id);
        match tokio::fs::remove_file(&path).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(error = %e, path = %path.display(), "staging file not removed")
            }
        }
    }

    /// Streams `body` into upload `id`'s staging file at `offset`, accepting at most `room`
    /// bytes. With a checksum the body counts only whole and verified (else 460 and nothing is
    /// kept); without one, a body that breaks off keeps what arrived, as tus allows. Returns once
    /// the accepted bytes are fsynced.
    pub async fn append(
        &self,
        id: &str,
        offset: i64,
        room: i64,
        mut body: Body,
        checksum: Option<&Checksum>,
    ) -> Result<Appended, TusError> {
        let path = self.path(id);
        let mut file = OpenOptions::new()
            .write(true)
            .create(offset == 0)
            .open(&path)
            .await?;
        let start = u64::try_from(offset).map_err(|_| TusError::bad_header("Upload-Offset"))?;
        if file.metadata().await?.len() < start {
            return Err(TusError::Api(crate::error::ApiError::Internal(format!(
                "staging file {} is shorter than its recorded offset {offset}",
                path.display()
            ))));
        }
        // Bytes past the recorded offset were never confirmed (a crash, a rejected chunk).
        file.set_len(start).await?;
        file.seek(SeekFrom::Start(start)).await?;

        let mut hasher = checksum.map(Checksum::hasher);
        let mut buffer = Vec::with_capacity(WRITE_BUFFER);
        let mut written: i64 = 0;
        let mut interrupted = false;
        while let Some(chunk) = next_chunk(&mut body).await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    tracing::info!(upload = id, error = %e, "upload body broke off");
                    interrupted = true;
                    break;
                }
            };
            let len = i64::try_from(chunk.len()).unwrap_or(i64::MAX);
            if written.saturating_add(len) > room {
                file.set_len(start).await?;
                return Err(TusError::TooLarge(
                    "the body goes past the upload's length".into(),
                ));
            }
            if let Some(h) = hasher.as_mut() {
                h.update(&chunk);
            }
            buffer.extend_from_slice(&chunk);
            written += len;
            if buffer.len() >= WRITE_BUFFER {
                write_or_undo(&mut file, &buffer, start).await?;
                buffer.clear();
            }
        }
        let verified = match (checksum, hasher) {
            (Some(_), Some(_)) if interrupted => false,
            (Some(sum), Some(h)) => sum.matches(h),
            _ => true,
        };
        if !verified {
            file.set_len(start).await?;
            return Err(if interrupted {
                TusError::BadRequest(
                    "the body broke off before its checksum could be checked".into(),
                )
            } else {
                TusError::ChecksumMismatch
            });
        }
        write_or_undo(&mut file, &buffer, start).await?;
        file.flush().await?;
        file.sync_data().await?;
        Ok(Appended {
            written,
            interrupted,
        })
    }

    /// Writes the staging files of `parts`, in order, into upload `id`'s staging file and fsyncs
    /// it. On Linux the copy is `copy_file_range` (std's `io::copy` between files), so the bytes
    /// need not pass through this process.
    pub async fn concatenate(&self, id: &str, parts: &[String]) -> Result<(), TusError> {
        let target = self.path(id);
        let sources: Vec<PathBuf> = parts.iter().map(|p| self.path(p)).collect();
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            let mut out = std::fs::File::create(&target)?;
            for source in &sources {
                let mut input = std::fs::File::open(source)?;
                std::io::copy(&mut input, &mut out)?;
            }
            out.sync_all()
        })
        .await
        .map_err(|e| {
            TusError::Api(crate::error::ApiError::Internal(format!(
                "concatenate: {e}"
            )))
        })??;
        sync_dir(&self.dir).await
    }

    /// Removes staging files of uploads that no longer exist (a crash between deleting a row and
    /// its file). `known` are the ids that do. A file changed in the last [`ORPHAN_AGE`] stays:
    /// another instance sharing the uploads may have made it, with its row, after `known` was
    /// read.
    pub async fn sweep(&self, known: &std::collections::HashSet<String>) -> std::io::Result<usize> {
        let mut removed = 0;
        let mut entries = tokio::fs::read_dir(&self.dir).await?;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
                continue;
            };
            let recent = entry
                .metadata()
                .await
                .and_then(|m| m.modified())
                .ok()
                .and_then(|at| at.elapsed().ok())
                .is_none_or(|age| age < ORPHAN_AGE);
            if !known.contains(id) && !recent {
                self.remove(id).await;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// The next data frame of `body` (trailers are skipped).
async fn next_chunk(body: &mut Body) -> Option<Result<Bytes, axum::Error>> {
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await?;
        match frame {
            Ok(frame) => {
                if let Ok(data) = frame.into_data() {
                    return Some(Ok(data));
                }
            }
            Err(e) => return Some(Err(e)),
        }
    }
}

/// Makes new and renamed names in `dir` durable.
async fn sync_dir(dir: &Path) -> Result<(), TusError> {
    File::open(dir).await?.sync_all().await?;
    Ok(())
}

/// Writes `bytes`; when that fails (a full disk above all) cuts the file back to `start`, the
/// offset last confirmed, so the unconfirmed part of the chunk takes no space meanwhile.
async fn write_or_undo(
    file: &mut tokio::fs::File,
    bytes: &[u8],
    start: u64,
) -> std::io::Result<()> {
    if let Err(e) = file.write_all(bytes).await {
        if let Err(undo) = file.set_len(start).await {
            tracing::warn!(error = %undo, "could not cut a failed chunk back to its offset");
        }
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::time::{Duration, SystemTime};

    use super::*;

    #[tokio::test]
    async fn the_sweep_removes_old_orphans_and_keeps_recent_ones_and_known_uploads() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(dir.path());
        let hour_ago = SystemTime::now() - ORPHAN_AGE - Duration::from_secs(60);
        for (id, old) in [("known", true), ("old-orphan", true), ("new-orphan", false)] {
            let path = dir.path().join(format!("{PREFIX}{id}"));
            let file = std::fs::File::create(&path).unwrap();
            if old {
                file.set_modified(hour_ago).unwrap();
            }
        }
        let known: HashSet<String> = ["known".to_owned()].into();
        assert_eq!(staging.sweep(&known).await.unwrap(), 1);
        let left: HashSet<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            left,
            ["tus-known".to_owned(), "tus-new-orphan".to_owned()].into()
        );
    }
}
