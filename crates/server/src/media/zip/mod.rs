//! ZIP archives of stored files, streamed: a folder or a selection downloaded as one file.
//!
//! **Decision — our own writer rather than a crate.** Entries are stored (media does not
//! compress) and every size is known from the database before a byte is written, so the
//! writer is a few hundred lines of fixed records (APPNOTE 6.3.x) that decide ZIP64 per entry
//! up front. The `zip` crate needs `Seek` on its output, which a response body does not have;
//! `async_zip` streams, but over `futures-io` (a compat layer around tokio's I/O), in a 0.0.x
//! series, and built for entries of unknown size. Owning the records also lets a failed entry
//! stop the archive before its central directory, which the response needs to signal an
//! error (see [`body`]). `crc32fast` computes the CRC-32.
//!
//! - [`records`]: the byte layout, unit-tested;
//! - [`writer`]: the archive front to back into an `AsyncWrite`;
//! - [`archive`]: the entries of an archive, read from the media store;
//! - [`body`]: the archive as a streamed response body that fails rather than ends short;
//! - [`slots`]: how many streams a user may have open.

pub mod archive;
pub mod body;
pub mod records;
pub mod slots;
pub mod writer;

pub use archive::{Entry, EntryKind};
pub use slots::ZipSlots;
