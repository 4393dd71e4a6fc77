//! The tus 1.0 resumable upload protocol (<https://tus.io/protocols/resumable-upload>) at
//! `/uploads`: core, creation, creation-with-upload, expiration, checksum (sha1, sha256),
//! termination and concatenation, so tus-js-client, Uppy and our own client upload unchanged.
//!
//! An upload is bound to its user (anyone else is told it does not exist) and, except for the
//! pieces of a concatenation, to a file record whose folder the user must be an editor of. Bytes
//! go to a staging file and count once fsynced; the completed file becomes the file's bytes
//! through [`finish`], the one way bytes become visible, in steps a crash can stop anywhere. The choices
//! the protocol leaves open are in `docs/uploads.md`.

mod checksum;
mod concat;
mod create;
mod error;
pub mod expiry;
mod finish;
pub mod headers;
mod locks;
pub mod quota;
mod staging;
mod target;
mod terminate;
mod write;

use std::sync::Arc;
use std::time::Duration;

use rand::RngCore;

pub use create::create;
pub use error::{TusError, CHECKSUM_MISMATCH};
pub use terminate::terminate;
pub use write::{head, patch};

use crate::config::StorageQuotas;
use crate::db::Pool;
use crate::media::MediaState;
use locks::UploadLocks;
use staging::Staging;

/// The protocol version spoken, in `Tus-Resumable` and `Tus-Version`.
pub const VERSION: &str = "1.0.0";
/// The extensions advertised on OPTIONS.
pub const EXTENSIONS: &str =
    "creation,creation-with-upload,creation-defer-length,expiration,checksum,termination,concatenation";
pub use checksum::ALGORITHMS as CHECKSUM_ALGORITHMS;

/// The upload machinery a server shares between requests, with the database and media store
/// uploads end up in. Cheap to clone: clones share their locks.
#[derive(Debug, Clone)]
pub struct Tus {
    pool: Pool,
    media: MediaState,
    locks: UploadLocks,
    staging: Staging,
    expiry: Duration,
    max_size: i64,
    quotas: StorageQuotas,
    /// Held from a quota check until the upload row that then counts is written (see
    /// [`quota`]).
    quota_lock: Arc<tokio::sync::Mutex<()>>,
}

impl Tus {
    /// Uploads recorded in `pool` and staged in `media`'s staging directory, expiring after
    /// `expiry` without progress, each at most `max_size` bytes, within `quotas`.
    pub fn new(
        pool: Pool,
        media: MediaState,
        expiry: Duration,
        max_size: i64,
        quotas: StorageQuotas,
    ) -> Self {
        let staging = Staging::new(media.store.staging_dir());
        let locks = UploadLocks::for_database(&pool);
        Self {
            pool,
            media,
            locks,
            staging,
            expiry,
            max_size,
            quotas,
            quota_lock: Arc::default(),
        }
    }

    /// The database.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The media store finished uploads go to, and the probe queue they join.
    pub fn media(&self) -> &MediaState {
        &self.media
    }

    /// The storage quotas uploads are held to.
    pub fn quotas(&self) -> &StorageQuotas {
        &self.quotas
    }

    /// The largest upload accepted, for `Tus-Max-Size`.
    pub fn max_size(&self) -> i64 {
        self.max_size
    }

    /// When an upload touched at `now` expires.
    fn expires_at(&self, now: i64) -> i64 {
        crate::db::time::after_ms(now, self.expiry)
    }
}

/// Upload ids are 128 random bits in lower-case hex: unguessable, and safe in a file name.
fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether `id` could be an upload id (anything else is not found, and never reaches a path).
pub fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_valid_and_path_like_ids_are_not() {
        let id = new_id();
        assert!(valid_id(&id), "{id}");
        assert_ne!(id, new_id());
        for bad in [
            "",
            "..",
            "../../etc/passwd",
            "ABCDEF0123456789ABCDEF0123456789",
        ] {
            assert!(!valid_id(bad));
        }
    }
}
