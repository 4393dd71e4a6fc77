//! Whether a request comes from this server's own pages, judged from what browsers say about
//! where a request starts: `Origin` and the fetch metadata header `Sec-Fetch-Site`. Neither is
//! something a page of another site can set, so they hold for credentials a browser attaches by
//! itself: the web app's session cookie.
//!
//! Each header counts only when present: clients that are not browsers send neither, and they
//! are not what a cross-site request forgery can use. A browser always sends `Origin` with the
//! cross-origin requests that could change something, and current ones send `Sec-Fetch-Site`
//! with every request.

use axum::http::header::ORIGIN;
use axum::http::HeaderMap;
use url::Url;

/// The fetch metadata header (not in `http`'s list of names).
const SEC_FETCH_SITE: &str = "sec-fetch-site";

/// What an `Origin: null` counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpaqueOrigin {
    /// Refused: the API's requests come from the app's scripts, which always send their real
    /// origin.
    Refused,
    /// Accepted, for the server's own forms: browsers post a form with `Origin: null` when the
    /// page's referrer policy is `no-referrer`, as the server's pages' is. The forms carry a CSRF
    /// token as well, and `Sec-Fetch-Site` still has to say same-origin when present.
    Accepted,
}

/// The origin of the server at `base`, as a browser writes it in `Origin`.
pub fn own(base: &Url) -> String {
    base.origin().ascii_serialization()
}

/// Whether the request comes from a page of the server at `base` (or from no page at all: a
/// typed URL, a bookmark, a client that is not a browser).
pub fn same_origin(headers: &HeaderMap, base: &Url, opaque: OpaqueOrigin) -> bool {
    let origin_ok = headers.get(ORIGIN).is_none_or(|origin| {
        let origin = origin.to_str().unwrap_or_default();
        origin == own(base) || (opaque == OpaqueOrigin::Accepted && origin == "null")
    });
    let site_ok = headers
        .get(SEC_FETCH_SITE)
        .is_none_or(|site| matches!(site.as_bytes(), b"same-origin" | b"none"));
    origin_ok && site_ok
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn base() -> Url {
        Url::parse("https://media.example.com/rushes/").unwrap()
    }

    #[test]
    fn the_own_origin_has_no_path_and_no_default_port() {
        assert_eq!(own(&base()), "https://media.example.com");
        assert_eq!(
            own(&Url::parse("http://127.0.0.1:8420/").unwrap()),
            "http://127.0.0.1:8420"
        );
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(same_origin(&headers(&[]), &base(), OpaqueOrigin::Refused));
    }

    #[test]
    fn the_own_origin_passes_and_others_do_not() {
        let strict = OpaqueOrigin::Refused;
        let ok = headers(&[
            ("origin", "https://media.example.com"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(same_origin(&ok, &base(), strict));
        for (origin, site) in [
            ("https://evil.example", "cross-site"),
            ("https://other.example.com", "same-site"),
            ("http://media.example.com", "same-origin"),
            ("https://media.example.com:8443", "same-origin"),
            ("https://media.example.com", "cross-site"),
            ("https://media.example.com", "same-site"),
            ("null", "same-origin"),
        ] {
            let h = headers(&[("origin", origin), ("sec-fetch-site", site)]);
            assert!(!same_origin(&h, &base(), strict), "{origin} {site}");
        }
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &base(),
            strict
        ));
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "none")]),
            &base(),
            strict
        ));
    }

    #[test]
    fn forms_accept_a_null_origin_from_the_same_origin_only() {
        let form = OpaqueOrigin::Accepted;
        let own_form = headers(&[("origin", "null"), ("sec-fetch-site", "same-origin")]);
        assert!(same_origin(&own_form, &base(), form));
        let framed = headers(&[("origin", "null"), ("sec-fetch-site", "cross-site")]);
        assert!(!same_origin(&framed, &base(), form));
        let other = headers(&[("origin", "https://evil.example")]);
        assert!(!same_origin(&other, &base(), form));
    }
}
