//! Media: where file bytes live on disk, the signed URLs they are served from, byte-range
//! serving, and the background job that probes media and makes posters.

pub mod confine;
mod ffprobe;
pub mod jobs;
mod poster;
pub mod range;
pub mod serve;
pub mod signing;
pub mod store;
mod timecode;
mod tool;
pub mod zip;

use std::time::Duration;

use jobs::MediaJobs;

use crate::config::ZipLimits;

pub use signing::{MediaKind, UrlSigner};
pub use store::MediaStore;
pub use timecode::TimecodeClock;

/// What serving and processing media needs: the store, the URL signer, the probe queue, how
/// long signed URLs live, and the limits of ZIP downloads. Cheap to clone.
#[derive(Debug, Clone)]
pub struct MediaState {
    pub store: MediaStore,
    pub signer: UrlSigner,
    pub jobs: MediaJobs,
    pub url_ttl: Duration,
    pub zip_limits: ZipLimits,
    /// The ZIP streams each user has open (shared by clones).
    pub zip_slots: zip::ZipSlots,
}
