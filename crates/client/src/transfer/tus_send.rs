//! Sends one byte range of a local file as one tus upload, chunk by chunk, from the offset the
//! server confirms. Used for a whole file and for each partial upload of a large one.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::job::Job;
use super::meter::Meter;
use super::retry::is_retryable;
use super::source::{range_body, sha256_range, AbortOnDrop};
use super::store::Part;
use super::tus::{Capabilities, Creation, TusEndpoint};
use crate::ClientError;

/// One range to send.
pub(crate) struct Range {
    pub part: Part,
    /// A piece to be joined by a final upload (no target metadata of its own).
    pub partial: bool,
}

/// The digest of the chunk after the one in flight, computed while that one travels, so the
/// link does not wait for the hash between chunks.
struct Ahead {
    at: u64,
    len: u64,
    digest: AbortOnDrop<Result<[u8; 32], ClientError>>,
}

/// A range that the server holds completely.
pub(crate) struct Sent {
    pub upload_path: String,
    /// The SHA-256 the server gave the finished file (`Upload-Sha256`), when it said: it saves
    /// reading the file record back.
    pub sha256: Option<String>,
}

/// True when the upload is gone at the server (expired, terminated, never made there).
fn is_gone(e: &ClientError) -> bool {
    matches!(e.http_status(), Some(404 | 410))
}

pub(crate) async fn send_range(
    job: &Job,
    tus: &TusEndpoint,
    caps: &Capabilities,
    range: Range,
    metadata: &[(&str, &str)],
) -> Result<Sent, ClientError> {
    let mut part = range.part;
    let source = job.record()?.local_path;

    let mut sha256 = None;
    let mut offset = match &part.upload_path {
        Some(path) => match tus.status(path).await {
            Ok(status) => {
                sha256 = status.sha256;
                Some(status.offset)
            }
            Err(e) if is_gone(&e) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let upload_path = match (&part.upload_path, offset) {
        (Some(path), Some(_)) => path.clone(),
        _ => {
            let creation = if range.partial {
                Creation::Partial
            } else {
                Creation::Single
            };
            let path = tus.create(Some(part.len), metadata, creation).await?;
            offset = Some(0);
            part.upload_path = Some(path.clone());
            if !range.partial {
                job.update(|r| r.upload_path = Some(path.clone())).await?;
            }
            path
        }
    };
    let mut offset = offset.unwrap_or(0);
    commit(job, &mut part, offset).await?;

    let mut ahead: Option<Ahead> = None;
    while offset < part.len {
        let chunk = job.chunk.load(Ordering::Relaxed).max(1);
        let n = chunk.min(part.len - offset);
        let at = part.start + offset;
        let digest = if caps.checksum_sha256 {
            Some(match ahead.take() {
                Some(next) if next.at == at && next.len == n => next.digest.join().await?,
                _ => sha256_range(&source, at, n).await?,
            })
        } else {
            None
        };
        if caps.checksum_sha256 && offset + n < part.len {
            // The next chunk as it will be if this one goes through (chunks grow after good ones).
            let len = (chunk * 2)
                .min(job.tuning().chunk_size)
                .min(part.len - offset - n);
            let (path, next_at) = (source.clone(), at + n);
            ahead = Some(Ahead {
                at: next_at,
                len,
                digest: AbortOnDrop(tokio::spawn(async move {
                    sha256_range(&path, next_at, len).await
                })),
            });
        }
        let in_chunk = Arc::new(Meter::new(0));
        let meters = vec![job.meter.clone(), in_chunk.clone()];
        let limiter = job.resources.limiter.clone();
        let result = tus
            .patch(
                &upload_path,
                offset,
                n,
                digest.as_ref().map(|d| &d[..]),
                || range_body(source.clone(), at, n, limiter.clone(), meters.clone()),
            )
            .await;
        // Whatever the answer, only what the server confirms counts as done.
        job.meter.sub(in_chunk.done());
        match result {
            Ok(status) if status.offset > offset && status.offset <= part.len => {
                offset = status.offset;
                sha256 = status.sha256;
                commit(job, &mut part, offset).await?;
                let grown = (chunk * 2).min(job.tuning().chunk_size);
                job.chunk.store(grown, Ordering::Relaxed);
            }
            Ok(status) => {
                return Err(ClientError::Decode(format!(
                    "the server answered offset {} to a chunk sent at {offset}",
                    status.offset
                )));
            }
            Err(e) => {
                if is_retryable(&e) {
                    // A link that breaks mid-chunk is likely to break again at the same size.
                    let shrunk = (chunk / 2).max(job.tuning().min_chunk);
                    job.chunk.store(shrunk, Ordering::Relaxed);
                }
                return Err(e);
            }
        }
    }
    Ok(Sent {
        upload_path,
        sha256,
    })
}

/// Records that the server holds `offset` bytes of the part.
async fn commit(job: &Job, part: &mut Part, offset: u64) -> Result<(), ClientError> {
    job.meter.add(offset.saturating_sub(part.done));
    job.meter.sub(part.done.saturating_sub(offset));
    part.done = offset;
    job.resources.store.save_part(&job.id, part).await?;
    let done = job
        .resources
        .store
        .parts(&job.id)
        .await?
        .iter()
        .map(|p| p.done)
        .sum();
    job.update(|r| r.done = done).await?;
    Ok(())
}
