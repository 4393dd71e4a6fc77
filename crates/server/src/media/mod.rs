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
mod tool;

use std::time::Duration;

use jobs::MediaJobs;

pub use signing::{MediaKind, UrlSigner};
pub use store::MediaStore;

/// What serving and processing media needs: the store, the URL signer, the probe queue and how
/// long signed URLs live. Cheap to clone.
#[derive(Debug, Clone)]
pub struct MediaState {
    pub store: MediaStore,
    pub signer: UrlSigner,
    pub jobs: MediaJobs,
    pub url_ttl: Duration,
}
