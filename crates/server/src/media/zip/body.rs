//! An archive as an HTTP response body, streamed while it is written.
//!
//! A task writes the archive into one end of a small in-memory pipe and the body reads the
//! other, so memory stays at the pipe's size whatever the archive's, and a client that reads
//! slowly slows the task down. When the task fails (a file disappeared or could not be read),
//! the body ends with an **error** rather than a clean end: hyper then cuts the connection
//! without the last chunk, and the client sees an incomplete transfer instead of a short
//! archive reported as a success.

use axum::body::Body;
use futures_util::StreamExt;
use tokio_util::io::ReaderStream;

use super::archive::{self, Entry};
use super::slots::ZipSlot;
use super::writer::ZipError;
use crate::media::MediaStore;

/// The pipe between the writing task and the body.
const PIPE: usize = 256 * 1024;
/// The largest piece of body sent at once.
const CHUNK: usize = 64 * 1024;

/// The body of `entries` read from `store`. `slot` is held until the archive is written or
/// abandoned.
pub fn body(store: MediaStore, entries: Vec<Entry>, slot: ZipSlot) -> Body {
    let (reader, writer) = tokio::io::duplex(PIPE);
    let (done, outcome) = tokio::sync::oneshot::channel::<Result<(), String>>();
    tokio::spawn(async move {
        let _slot = slot;
        let result = archive::write(&store, &entries, writer).await;
        let report = match result {
            Ok(_) => {
                tracing::debug!(entries = entries.len(), "ZIP archive sent");
                Ok(())
            }
            Err(ZipError::Write(e)) => {
                tracing::info!(error = %e, "ZIP download stopped: the client went away");
                Err(e.to_string())
            }
            Err(e) => {
                tracing::error!(error = %e, "ZIP download failed; cutting the connection");
                Err(e.to_string())
            }
        };
        // The body may be gone already (the client left); nobody is left to tell then.
        let _ = done.send(report);
    });
    let end = futures_util::stream::once(async move {
        match outcome.await {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(Err(std::io::Error::other(e))),
            Err(_) => Some(Err(std::io::Error::other("the archive writer stopped"))),
        }
    })
    .filter_map(std::future::ready);
    Body::from_stream(ReaderStream::with_capacity(reader, CHUNK).chain(end))
}
