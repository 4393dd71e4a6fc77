//! The transfer engine: resumable, verified uploads and downloads with a queue that survives
//! crashes.
//!
//! - [`Engine`] keeps the queue (SQLite, [`store`]) and runs a few transfers at once under a
//!   global bandwidth limit, with pause, resume, cancel, retry and reordering.
//! - Uploads speak tus 1.0 ([`tus`]): a checksum per chunk, large files as parallel partial
//!   uploads joined by concatenation, the server's SHA-256 compared with ours at the end.
//! - Downloads fetch parallel ranges of the signed media URL into a `.part` file with its state
//!   beside it, verify the SHA-256 and rename into place.
//! - [`tree`] queues a local folder: the remote folders first, then the files; [`batch`]
//!   checks and queues what the app's drops, picks and downloads ask for; [`rerun`] makes
//!   running the same command again pick up what an earlier run left instead of repeating it.

pub mod batch;
mod download;
mod engine;
mod job;
mod limiter;
mod meter;
mod names;
pub mod rerun;
pub mod retry;
mod source;
pub mod store;
pub mod tree;
mod tuning;
pub mod tus;
mod tus_file;
mod tus_send;
mod upload;

pub use engine::{Connections, DownloadRequest, Engine, OneConnection, UploadRequest};
pub use limiter::Limiter;
pub use names::local_name;
pub use source::sha256_file;
pub use tuning::Tuning;
pub use tus_file::upload_file;
