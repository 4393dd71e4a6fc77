//! An archive of stored files: what goes in it ([`Entry`]) and writing it from the media store.

use tokio::io::AsyncWrite;

use super::records::DosTime;
use super::writer::{ZipError, ZipWriter};
use crate::media::MediaStore;

/// One entry of an archive, in the order it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the archive, `/`-separated; a directory's ends with `/`.
    pub path: String,
    /// Milliseconds since the Unix epoch.
    pub modified_ms: i64,
    pub kind: EntryKind,
}

/// A directory, or a file's stored bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    Directory,
    File { storage_key: String, size: u64 },
}

/// Writes `entries` as a ZIP archive into `out`, reading each file from `store` as its turn
/// comes (one open file at a time). The first failure stops it: nothing after a failed entry
/// is written, the central directory above all, so a failure can never look like a complete
/// archive.
pub async fn write<W: AsyncWrite + Unpin>(
    store: &MediaStore,
    entries: &[Entry],
    out: W,
) -> Result<W, ZipError> {
    let mut zip = ZipWriter::new(out);
    for entry in entries {
        let modified = DosTime::from_unix_ms(entry.modified_ms);
        match &entry.kind {
            EntryKind::Directory => zip.directory(&entry.path, modified).await?,
            EntryKind::File { storage_key, size } => {
                let read_error = |source| ZipError::Read {
                    name: entry.path.clone(),
                    source,
                };
                let path = store
                    .path(storage_key)
                    .map_err(|e| read_error(std::io::Error::other(e.to_string())))?;
                let file = tokio::fs::File::open(&path).await.map_err(read_error)?;
                zip.file(&entry.path, modified, *size, file).await?;
            }
        }
    }
    zip.finish().await
}
