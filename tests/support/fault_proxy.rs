//! A TCP proxy for tests that cuts connections after a random number of bytes, counts what
//! passes, and can be pointed at a new address (a restarted server) while clients keep its URL.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Counters and settings shared by the proxy's connections.
#[derive(Default)]
struct Shared {
    /// Bytes from clients to the server.
    up: AtomicU64,
    /// Bytes from the server to clients.
    down: AtomicU64,
    cuts: AtomicU64,
    /// Each connection lives for a byte count drawn from this range (both directions), if set.
    faults: Mutex<Option<(u64, u64)>>,
    rng: Mutex<Option<rand::rngs::StdRng>>,
}

pub struct FaultProxy {
    addr: SocketAddr,
    target: Arc<Mutex<SocketAddr>>,
    shared: Arc<Shared>,
    /// Bumped to sever every open connection at once.
    sever: watch::Sender<u64>,
}

impl FaultProxy {
    /// A proxy to `target` on a free loopback port; `seed` makes the cut points repeatable.
    pub async fn start(target: SocketAddr, seed: u64) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let target = Arc::new(Mutex::new(target));
        let shared = Arc::new(Shared::default());
        *shared.rng.lock().unwrap() = Some(rand::rngs::StdRng::seed_from_u64(seed));
        let (sever, _) = watch::channel(0u64);
        let proxy = Self {
            addr,
            target: target.clone(),
            shared: shared.clone(),
            sever: sever.clone(),
        };
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let to = *target.lock().unwrap();
                let budget = {
                    let faults = *shared.faults.lock().unwrap();
                    faults.map(|(lo, hi)| {
                        let mut rng = shared.rng.lock().unwrap();
                        rng.as_mut().map_or(hi, |r| r.gen_range(lo..=hi))
                    })
                };
                let shared = shared.clone();
                let severed = sever.subscribe();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(to).await {
                        pipe(client, server, budget, shared, severed).await;
                    }
                });
            }
        });
        proxy
    }

    /// The proxy's address as a base URL.
    pub fn url(&self) -> url::Url {
        format!("http://{}/", self.addr).parse().unwrap()
    }

    /// Sends new connections to `target` (a restarted server).
    pub fn retarget(&self, target: SocketAddr) {
        *self.target.lock().unwrap() = target;
    }

    /// Cut each new connection after a random byte count in `range`, or never (`None`).
    pub fn set_faults(&self, range: Option<(u64, u64)>) {
        *self.shared.faults.lock().unwrap() = range;
    }

    /// Closes every open connection now (as a crashing server would).
    pub fn sever_all(&self) {
        self.sever.send_modify(|n| *n += 1);
    }

    /// Bytes that went from clients to the server so far.
    pub fn bytes_up(&self) -> u64 {
        self.shared.up.load(Ordering::Relaxed)
    }

    pub fn cuts(&self) -> u64 {
        self.shared.cuts.load(Ordering::Relaxed)
    }
}

async fn pipe(
    client: TcpStream,
    server: TcpStream,
    budget: Option<u64>,
    shared: Arc<Shared>,
    mut severed: watch::Receiver<u64>,
) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let mut left = budget.unwrap_or(u64::MAX);
    let mut up_buf = vec![0u8; 64 * 1024];
    let mut down_buf = vec![0u8; 64 * 1024];
    let (mut up_open, mut down_open) = (true, true);
    while up_open || down_open {
        tokio::select! {
            _ = severed.changed() => return,
            r = cr.read(&mut up_buf), if up_open => match r {
                Ok(0) | Err(_) => { up_open = false; let _ = sw.shutdown().await; }
                Ok(n) => {
                    let n = pass(n, &mut left);
                    if sw.write_all(&up_buf[..n]).await.is_err() { return; }
                    shared.up.fetch_add(n as u64, Ordering::Relaxed);
                    if left == 0 { shared.cuts.fetch_add(1, Ordering::Relaxed); return; }
                }
            },
            r = sr.read(&mut down_buf), if down_open => match r {
                Ok(0) | Err(_) => { down_open = false; let _ = cw.shutdown().await; }
                Ok(n) => {
                    let n = pass(n, &mut left);
                    if cw.write_all(&down_buf[..n]).await.is_err() { return; }
                    shared.down.fetch_add(n as u64, Ordering::Relaxed);
                    if left == 0 { shared.cuts.fetch_add(1, Ordering::Relaxed); return; }
                }
            },
        }
    }
}

/// How many of `n` bytes the connection's budget lets through.
fn pass(n: usize, left: &mut u64) -> usize {
    let n = (n as u64).min(*left);
    *left -= n;
    n as usize
}
