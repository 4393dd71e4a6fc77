//! Reading local files for transfers: request bodies that stream a byte range through the
//! bandwidth limit, and SHA-256 over a range or a whole file. Nothing here holds more than one
//! read buffer per stream, whatever the file's size.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::BytesMut;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::limiter::Limiter;
use super::meter::Meter;
use crate::ClientError;

/// Bytes per read of a request body: small enough to keep memory flat and the limiter smooth,
/// large enough that syscalls don't show.
const BODY_READ: usize = 256 * 1024;
/// Bytes per read when hashing (off the async threads).
const HASH_READ: usize = 1024 * 1024;

pub fn io_error(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> ClientError {
    let context = context.into();
    move |source| ClientError::Io { context, source }
}

/// A request body with `len` bytes of `path` from `start`.
pub fn range_body(
    path: PathBuf,
    start: u64,
    len: u64,
    limiter: Arc<Limiter>,
    meters: Vec<Arc<Meter>>,
) -> reqwest::Body {
    reqwest::Body::wrap_stream(range_stream(path, start, len, limiter, meters))
}

/// The bytes of [`range_body`], read as they are sent, counted into every meter.
fn range_stream(
    path: PathBuf,
    start: u64,
    len: u64,
    limiter: Arc<Limiter>,
    meters: Vec<Arc<Meter>>,
) -> impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send + 'static {
    struct State {
        file: Option<tokio::fs::File>,
        path: PathBuf,
        start: u64,
        left: u64,
        limiter: Arc<Limiter>,
        meters: Vec<Arc<Meter>>,
    }
    let state = State {
        file: None,
        path,
        start,
        left: len,
        limiter,
        meters,
    };
    futures_util::stream::try_unfold(state, |mut s| async move {
        if s.left == 0 {
            return Ok(None);
        }
        if s.file.is_none() {
            let mut f = tokio::fs::File::open(&s.path).await?;
            f.seek(SeekFrom::Start(s.start)).await?;
            s.file = Some(f);
        }
        let want = usize::try_from(s.left).unwrap_or(BODY_READ).min(BODY_READ);
        let mut buf = BytesMut::with_capacity(want);
        if let Some(f) = s.file.as_mut() {
            while buf.len() < want {
                let n = f.read_buf(&mut buf).await?;
                if n == 0 {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the file got shorter while it was being sent",
                    ));
                }
            }
        }
        s.limiter.take(buf.len()).await;
        s.left -= buf.len() as u64;
        for m in &s.meters {
            m.add(buf.len() as u64);
        }
        Ok::<_, std::io::Error>(Some((buf.freeze(), s)))
    })
}

/// SHA-256 of `len` bytes of `path` from `start`.
pub async fn sha256_range(path: &Path, start: u64, len: u64) -> Result<[u8; 32], ClientError> {
    let path = path.to_owned();
    let context = format!("reading {}", path.display());
    tokio::task::spawn_blocking(move || -> std::io::Result<[u8; 32]> {
        let mut f = std::fs::File::open(&path)?;
        f.seek(SeekFrom::Start(start))?;
        let mut hasher = Sha256::new();
        // No bigger than the range: zeroing a 1 MiB buffer for a 16 KiB file was a third of
        // the client's work on a card of small files.
        let size = usize::try_from(len)
            .unwrap_or(HASH_READ)
            .clamp(1, HASH_READ);
        let mut buf = vec![0u8; size];
        let mut left = len;
        while left > 0 {
            let want = usize::try_from(left).unwrap_or(buf.len()).min(buf.len());
            let n = f.read(&mut buf[..want])?;
            if n == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the file is shorter than expected",
                ));
            }
            hasher.update(&buf[..n]);
            left -= n as u64;
        }
        Ok(hasher.finalize().into())
    })
    .await
    .map_err(|e| ClientError::Io {
        context: context.clone(),
        source: std::io::Error::other(e),
    })?
    .map_err(io_error(context))
}

/// Lower-case hex SHA-256 of a whole file.
pub async fn sha256_file(path: &Path) -> Result<String, ClientError> {
    let len = tokio::fs::metadata(path)
        .await
        .map_err(io_error(format!("reading {}", path.display())))?
        .len();
    Ok(hex::encode(sha256_range(path, 0, len).await?))
}

/// A file's size and modification time (ns since the epoch): its identity for resuming.
pub async fn fingerprint(path: &Path) -> Result<(u64, i64), ClientError> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(io_error(format!("reading {}", path.display())))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    Ok((meta.len(), mtime))
}

/// A spawned task that is aborted when its handle is dropped (the job was stopped).
pub(crate) struct AbortOnDrop<T>(pub(crate) tokio::task::JoinHandle<T>);

impl<T> AbortOnDrop<Result<T, ClientError>> {
    pub(crate) async fn join(mut self) -> Result<T, ClientError> {
        (&mut self.0).await.map_err(|e| ClientError::Io {
            context: "hashing the source".into(),
            source: std::io::Error::other(e),
        })?
    }
}

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    #[tokio::test]
    async fn bodies_stream_the_range_and_count_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let data: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let meter = Arc::new(Meter::new(0));
        let body = range_stream(
            path.clone(),
            10,
            600_000,
            Arc::new(Limiter::new(None)),
            vec![meter.clone()],
        );
        let got: Vec<u8> = body.map_ok(|b| b.to_vec()).try_concat().await.unwrap();
        assert_eq!(got, &data[10..600_010]);
        assert_eq!(meter.done(), 600_000);
        let want: [u8; 32] = Sha256::digest(&data[10..600_010]).into();
        assert_eq!(sha256_range(&path, 10, 600_000).await.unwrap(), want);
        assert!(sha256_range(&path, 10, 2_000_000).await.is_err());
    }
}
