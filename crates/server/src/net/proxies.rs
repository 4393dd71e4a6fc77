//! Who the client is behind a reverse proxy.
//!
//! A request's peer is whoever opened the connection. Behind nginx that is nginx, for every
//! client, so the sign-in lockout would key every guess on one address (a server-wide brake)
//! and the per-address connection cap would limit the proxy itself. Operators name their proxies
//! (`--trusted-proxy`); only a connection from one of them has its `X-Forwarded-For` read, and
//! the client is the rightmost address in it that is not itself a trusted proxy: everything to
//! the left of that was written by the client and may be forged. A header from anyone else is
//! ignored, so nobody can pick the address they are counted under.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The address a request is counted under (sign-in lockout, guest throttling): the peer, or the
/// client a trusted proxy forwarded for. Put in every request's extensions by [`super::serve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> Self {
        Self(nets)
    }

    /// Whether connections from `ip` come from a trusted proxy.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`: `peer` itself unless it is a trusted proxy, otherwise the
    /// rightmost `X-Forwarded-For` hop that is not trusted. A hop that is not an address stops
    /// the walk at the trusted hop to its right: what lies beyond it cannot be told apart.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.contains(client) {
            return client;
        }
        // Several X-Forwarded-For headers are one list, in order (RFC 9110 5.3).
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .flat_map(|v| v.to_str().unwrap_or("").split(','))
            .map(str::trim)
            .collect();
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = canonical(ip);
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:a.b.c.d`) as the IPv4 address, so it
/// matches IPv4 networks and keys the same counters.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Reads one `--trusted-proxy` value: a network (`10.0.0.0/8`, `fd00::/8`) or a single address.
pub fn parse_trusted(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{value:?} is neither an IP address nor a network like 10.0.0.0/8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(nets: &[&str]) -> TrustedProxies {
        TrustedProxies::new(nets.iter().map(|n| parse_trusted(n).unwrap()).collect())
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", v.parse().unwrap());
        }
        headers
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_peer_that_is_not_trusted_is_the_client_whatever_it_forwards() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            trusted.client_of(ip("198.51.100.1"), &headers),
            ip("198.51.100.1")
        );
        assert_eq!(
            TrustedProxies::default().client_of(ip("127.0.0.1"), &headers),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8", "127.0.0.1"]);
        // The client forged the first entry; nginx appended the real one; an inner proxy
        // (10.1.2.3) appended the outer proxy's address.
        let headers = forwarded(&["192.0.2.66, 203.0.113.7", "10.1.2.3"]);
        assert_eq!(
            trusted.client_of(ip("127.0.0.1"), &headers),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn without_a_header_or_with_garbage_the_nearest_trusted_hop_is_the_client() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        assert_eq!(
            trusted.client_of(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        let headers = forwarded(&["203.0.113.7, not-an-address, 10.9.9.9"]);
        assert_eq!(trusted.client_of(ip("127.0.0.1"), &headers), ip("10.9.9.9"));
    }

    #[test]
    fn ipv6_and_mapped_ipv4_addresses_are_understood() {
        let trusted = proxies(&["::1", "127.0.0.1"]);
        let headers = forwarded(&["2001:db8::7"]);
        assert_eq!(trusted.client_of(ip("::1"), &headers), ip("2001:db8::7"));
        assert_eq!(
            trusted.client_of(ip("::ffff:127.0.0.1"), &forwarded(&["::ffff:203.0.113.7"])),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn trusted_values_are_networks_or_single_addresses() {
        assert!(parse_trusted("10.0.0.0/8").is_ok());
        assert!(parse_trusted(" 127.0.0.1 ").is_ok());
        assert!(parse_trusted("fd00::/8").is_ok());
        assert!(parse_trusted("localhost").is_err());
        assert!(parse_trusted("10.0.0.0/33").is_err());
    }
}
