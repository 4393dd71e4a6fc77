//! `ClientAddr`: the address a request is counted under, which keys the sign-in lockout.
//!
//! That is the connection's peer, or, when the peer is a trusted reverse proxy
//! (`--trusted-proxy`), the client it forwarded for (`crate::net::ClientIp`, resolved once per
//! request by the connection loop). Forwarded headers from anyone else are not believed:
//! anyone can send them.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::net::ClientIp;

/// The client's IP address; `None` when the server was not started with connection info.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let addr = parts.extensions.get::<ClientIp>().map(|c| c.0).or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        });
        Ok(Self(addr))
    }
}
