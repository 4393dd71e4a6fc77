//! Watching a connection for silence: the socket wrapper records when bytes last moved and
//! whether a write is stuck, the request guard counts requests being handled, and
//! [`Activity::stalled`] says when the connection should be dropped.
//!
//! The rule cuts only what waits on the client: a connection with no request in progress that
//! moved no byte for the idle timeout, or one whose writes have been blocked that long (the
//! client stopped reading). A slow upload keeps moving bytes, and a request the server takes
//! long to answer is in progress, so neither is cut here; a request body that stops arriving
//! is the body timeout's business (see `server.rs`).

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// No write is blocked.
const NOT_BLOCKED: u64 = u64::MAX;

/// What is known about one connection's traffic. Times are milliseconds since `start`.
#[derive(Debug)]
pub struct Activity {
    start: Instant,
    last_io: AtomicU64,
    write_blocked_since: AtomicU64,
    requests: AtomicUsize,
}

/// A request being handled on the connection; dropping it ends it.
#[derive(Debug)]
pub struct Busy(Arc<Activity>);

impl Activity {
    /// A connection that has just been accepted.
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            last_io: AtomicU64::new(0),
            write_blocked_since: AtomicU64::new(NOT_BLOCKED),
            requests: AtomicUsize::new(0),
        })
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
    }

    fn moved(&self) {
        self.last_io.store(self.now(), Ordering::Relaxed);
    }

    /// Marks a request as being handled until the guard is dropped.
    pub fn busy(self: &Arc<Self>) -> Busy {
        self.requests.fetch_add(1, Ordering::Relaxed);
        Busy(Arc::clone(self))
    }

    /// Whether the connection has waited on its client for longer than `idle`.
    pub fn stalled(&self, idle: Duration) -> bool {
        let idle = u64::try_from(idle.as_millis()).unwrap_or(u64::MAX);
        let now = self.now();
        let blocked = self.write_blocked_since.load(Ordering::Relaxed);
        if blocked != NOT_BLOCKED && now.saturating_sub(blocked) >= idle {
            return true;
        }
        let quiet = now.saturating_sub(self.last_io.load(Ordering::Relaxed));
        self.requests.load(Ordering::Relaxed) == 0 && quiet >= idle
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.requests.fetch_sub(1, Ordering::Relaxed);
        // The answer is done: the idle time starts now, not at the last byte of the request.
        self.0.moved();
    }
}

/// A socket that reports its traffic to an [`Activity`].
#[derive(Debug)]
pub struct Watched<IO> {
    io: IO,
    activity: Arc<Activity>,
}

impl<IO> Watched<IO> {
    pub fn new(io: IO, activity: Arc<Activity>) -> Self {
        Self { io, activity }
    }

    fn wrote<T>(&self, result: &Poll<io::Result<T>>, progressed: bool) {
        match result {
            Poll::Pending => {
                let now = self.activity.now();
                let _ = self.activity.write_blocked_since.compare_exchange(
                    NOT_BLOCKED,
                    now,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
            }
            Poll::Ready(_) => {
                self.activity
                    .write_blocked_since
                    .store(NOT_BLOCKED, Ordering::Relaxed);
                if progressed {
                    self.activity.moved();
                }
            }
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Watched<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.moved();
        }
        result
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Watched<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.io).poll_write(cx, buf);
        let progressed = matches!(result, Poll::Ready(Ok(n)) if n > 0);
        self.wrote(&result, progressed);
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        let progressed = matches!(result, Poll::Ready(Ok(n)) if n > 0);
        self.wrote(&result, progressed);
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_counts_only_without_a_request_in_progress() {
        let activity = Activity::new();
        assert!(activity.stalled(Duration::ZERO));
        let busy = activity.busy();
        assert!(!activity.stalled(Duration::ZERO));
        drop(busy);
        assert!(activity.stalled(Duration::ZERO));
        assert!(!activity.stalled(Duration::from_secs(60)));
    }
}
