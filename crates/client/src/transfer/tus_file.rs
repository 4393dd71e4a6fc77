//! One file to any tus 1.0 server, without the queue: for tus servers other than Rushes (and
//! checking our protocol side against them). Uses only what the server announces: chunk
//! checksums when it offers `checksum` with sha256, plain chunks otherwise.

use std::path::Path;
use std::sync::Arc;

use super::limiter::Limiter;
use super::meter::Meter;
use super::source::{io_error, range_body, sha256_range};
use super::tus::{Creation, TusEndpoint};
use crate::ClientError;

/// Uploads `path` to `endpoint` in chunks of `chunk` bytes; returns the upload's path.
pub async fn upload_file(
    endpoint: &TusEndpoint,
    path: &Path,
    metadata: &[(&str, &str)],
    chunk: u64,
) -> Result<String, ClientError> {
    let size = tokio::fs::metadata(path)
        .await
        .map_err(io_error(format!("reading {}", path.display())))?
        .len();
    let caps = endpoint.capabilities().await?;
    let upload = endpoint
        .create(Some(size), metadata, Creation::Single)
        .await?;
    let limiter = Arc::new(Limiter::new(None));
    let mut offset = endpoint.status(&upload).await?.offset;
    while offset < size {
        let n = chunk.max(1).min(size - offset);
        let digest = if caps.checksum_sha256 {
            Some(sha256_range(path, offset, n).await?)
        } else {
            None
        };
        let meter = vec![Arc::new(Meter::new(0))];
        let status = endpoint
            .patch(&upload, offset, n, digest.as_ref().map(|d| &d[..]), || {
                range_body(path.to_owned(), offset, n, limiter.clone(), meter.clone())
            })
            .await?;
        if status.offset <= offset {
            return Err(ClientError::Decode(format!(
                "the tus server did not advance past {offset}"
            )));
        }
        offset = status.offset;
    }
    Ok(upload)
}
