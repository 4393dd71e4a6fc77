//! Accepting connections and serving HTTP/1.1 on them, with the limits `axum::serve` does not
//! set: a deadline for a request's headers, dropping connections that wait on a silent client,
//! and a cap on connections per client address.
//!
//! Without these, a client that opens connections and sends a byte now and then (or nothing)
//! holds each one forever, and a few hundred of them use up the server's file descriptors.

mod activity;
mod per_address;
mod proxies;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

pub use crate::config::ConnectionLimits;
use activity::{Activity, Watched};
use per_address::PerAddress;
pub use proxies::{parse_trusted, ClientIp, TrustedProxies};

/// How often a connection checks whether it has gone quiet, at most.
const MAX_CHECK_INTERVAL: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `stop` resolves, then lets open requests finish.
/// Connections from `proxies` carry many clients, so they are not capped per address, and their
/// requests are counted under the client they forward for.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    proxies: TrustedProxies,
    stop: impl Future<Output = ()>,
) {
    let proxies = Arc::new(proxies);
    let per_address = PerAddress::new(limits.max_per_address);
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let slot = if proxies.contains(peer.ip()) {
            None
        } else {
            let Some(slot) = per_address.admit(peer.ip()) else {
                tracing::debug!(peer = %peer.ip(), "refused a connection: too many from this address");
                continue;
            };
            Some(slot)
        };
        let activity = Activity::new();
        let io = TokioIo::new(Watched::new(stream, activity.clone()));
        let service = hyper::service::service_fn(request_handler(
            router.clone(),
            peer,
            Arc::clone(&proxies),
            &activity,
        ));
        let connection = graceful.watch(builder.serve_connection(io, service));
        tokio::spawn(async move {
            let _slot = slot;
            tokio::select! {
                result = connection => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                }
                () = quiet(&activity, limits.idle_timeout) => {
                    tracing::debug!("closed a connection that waited on its client too long");
                }
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The router's answer to one request, as hyper's service function returns it.
type Answer = Pin<Box<dyn Future<Output = Result<axum::response::Response, Infallible>> + Send>>;

/// Hands each request to the router with the peer's address and the client's (which keys the
/// sign-in lockout), counting it as in progress until its answer is ready.
fn request_handler(
    router: Router,
    peer: SocketAddr,
    proxies: Arc<TrustedProxies>,
    activity: &Arc<Activity>,
) -> impl Fn(hyper::Request<Incoming>) -> Answer + Clone {
    let activity = Arc::clone(activity);
    move |mut request: hyper::Request<Incoming>| {
        let client = proxies.client_of(peer.ip(), request.headers());
        request.extensions_mut().insert(ConnectInfo(peer));
        request.extensions_mut().insert(ClientIp(client));
        let busy = activity.busy();
        let answer = router.clone().oneshot(request);
        Box::pin(async move {
            let response = answer.await;
            drop(busy);
            response
        })
    }
}

/// Resolves once the connection has waited on its client for `idle`.
async fn quiet(activity: &Activity, idle: Duration) {
    let every = (idle / 4).clamp(Duration::from_millis(50), MAX_CHECK_INTERVAL);
    loop {
        tokio::time::sleep(every).await;
        if activity.stalled(idle) {
            return;
        }
    }
}

/// Errors of one connection (reset before it was accepted) are skipped; others, such as
/// running out of file descriptors, would repeat at once, so they wait a moment.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::warn!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
