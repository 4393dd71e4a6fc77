//! Media: where file bytes live on disk, the signed URLs they are served from, byte-range
//! serving, and the background job that probes media and makes posters.

pub mod confine;
pub mod probe;
pub mod range;
pub mod serve;
pub mod signing;
pub mod store;

pub use signing::{MediaKind, UrlSigner};
pub use store::MediaStore;
