//! Writes a ZIP archive front to back into any `AsyncWrite`, never seeking: each entry's
//! local header, its bytes (CRC-32 computed on the way through), its data descriptor; then
//! the central directory and the end records. What it keeps is one [`EntryRecord`] per entry
//! (the central directory cannot be written before the end), bounded by the entry limit.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::records::{self, DosTime, EntryRecord};

/// Bytes read from a file per step of the copy.
const CHUNK: usize = 256 * 1024;

/// Why an archive could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    /// Writing the archive failed: for a response body, the client went away.
    #[error("writing the archive: {0}")]
    Write(#[source] std::io::Error),
    /// Reading an entry's bytes failed (the file disappeared, or the disk failed).
    #[error("reading {name}: {source}")]
    Read {
        name: String,
        #[source]
        source: std::io::Error,
    },
    /// An entry's bytes ended before the size the archive promised.
    #[error("{name} ended after {got} of {expected} bytes")]
    Truncated {
        name: String,
        expected: u64,
        got: u64,
    },
    /// A name longer than the format's 65,535 bytes (a deep tree of long names).
    #[error("the path {0:?} is too long for a ZIP archive")]
    NameTooLong(String),
}

/// An archive being written into `out`.
#[derive(Debug)]
pub struct ZipWriter<W> {
    out: W,
    /// Bytes written so far: the offset of the next record.
    offset: u64,
    entries: Vec<EntryRecord>,
    buffer: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> ZipWriter<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            offset: 0,
            entries: Vec::new(),
            buffer: Vec::new(),
        }
    }

    /// Adds a directory entry; `name` ends with `/`.
    pub async fn directory(&mut self, name: &str, modified: DosTime) -> Result<(), ZipError> {
        let entry = EntryRecord {
            name: name.to_owned(),
            is_dir: true,
            modified,
            offset: self.offset,
            size: 0,
            crc32: 0,
            zip64: false,
        };
        let header = records::local_header(&entry).ok_or_else(|| too_long(name))?;
        self.write(&header).await?;
        self.entries.push(entry);
        Ok(())
    }

    /// Adds a file entry of exactly `size` bytes read from `bytes`. Fails, leaving the archive
    /// unfinished, when they cannot be read or are fewer.
    pub async fn file<R: AsyncRead + Unpin>(
        &mut self,
        name: &str,
        modified: DosTime,
        size: u64,
        bytes: R,
    ) -> Result<(), ZipError> {
        let mut entry = EntryRecord {
            name: name.to_owned(),
            is_dir: false,
            modified,
            offset: self.offset,
            size,
            crc32: 0,
            zip64: records::needs_zip64(size),
        };
        let header = records::local_header(&entry).ok_or_else(|| too_long(name))?;
        self.write(&header).await?;
        entry.crc32 = self.copy(name, size, bytes).await?;
        self.write(&records::data_descriptor(&entry)).await?;
        self.entries.push(entry);
        Ok(())
    }

    /// Writes the central directory and the end records; returns the writer.
    pub async fn finish(mut self) -> Result<W, ZipError> {
        let directory_offset = self.offset;
        let entries = std::mem::take(&mut self.entries);
        for entry in &entries {
            let header = records::central_header(entry).ok_or_else(|| too_long(&entry.name))?;
            self.write(&header).await?;
        }
        let directory_size = self.offset - directory_offset;
        let count = u64::try_from(entries.len()).unwrap_or(u64::MAX);
        let end = records::end_records(count, directory_offset, directory_size);
        self.write(&end).await?;
        self.out.flush().await.map_err(ZipError::Write)?;
        Ok(self.out)
    }

    /// Copies `size` bytes of `bytes` to the archive and returns their CRC-32.
    async fn copy<R: AsyncRead + Unpin>(
        &mut self,
        name: &str,
        size: u64,
        bytes: R,
    ) -> Result<u32, ZipError> {
        let mut hasher = crc32fast::Hasher::new();
        let mut bytes = bytes.take(size);
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.resize(CHUNK, 0);
        let mut copied = 0u64;
        loop {
            let n = bytes
                .read(&mut buffer)
                .await
                .map_err(|source| ZipError::Read {
                    name: name.to_owned(),
                    source,
                })?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            self.write(&buffer[..n]).await?;
            copied += n as u64;
        }
        self.buffer = buffer;
        if copied != size {
            return Err(ZipError::Truncated {
                name: name.to_owned(),
                expected: size,
                got: copied,
            });
        }
        Ok(hasher.finalize())
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), ZipError> {
        self.out.write_all(bytes).await.map_err(ZipError::Write)?;
        self.offset += bytes.len() as u64;
        Ok(())
    }
}

fn too_long(name: &str) -> ZipError {
    ZipError::NameTooLong(name.to_owned())
}
