//! The sizes that shape how transfers use the network and the disk, in a module of their own
//! so that the engine, the jobs and the callers that set them all depend on it rather than on
//! the transfer module's root.

/// Sizes that shape how transfers use the network and the disk. The defaults suit both a
/// loopback library and a hotel Wi-Fi; tests shrink them to exercise the same paths quickly.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// Bytes per PATCH at most (each is checksummed and made durable by the server).
    pub chunk_size: u64,
    /// Bytes per PATCH at least, however often chunks break.
    pub min_chunk: u64,
    /// Uploads from this size on go as parallel partial uploads.
    pub part_threshold: u64,
    /// Partial uploads per large upload.
    pub parts: u32,
    /// Parallel partial uploads to a server on this machine (loopback) too. Off by default:
    /// parallel streams win over links where one TCP stream is held back by latency or loss;
    /// over loopback one stream already runs at disk speed, and joining the parts costs the
    /// server a second full write of the file. Tests turn it on to run parts against their
    /// local server.
    pub parts_on_loopback: bool,
    /// Downloads from this size on fetch parallel ranges.
    pub stream_threshold: u64,
    /// Ranges per large download.
    pub download_streams: u32,
    /// Bytes written between flushes of a download's `.part` (and its state).
    pub sync_every: u64,
}

impl Default for Tuning {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        Self {
            chunk_size: 64 * MIB,
            min_chunk: MIB,
            part_threshold: 256 * MIB,
            parts: 4,
            parts_on_loopback: false,
            stream_threshold: 32 * MIB,
            download_streams: 4,
            sync_every: 64 * MIB,
        }
    }
}
