//! The server's cookies: the sign-in session and the CSRF token of the authorization pages, and
//! the web app's session.
//!
//! The authorization pages' two are `HttpOnly` (no script needs them), `SameSite=Lax` (not sent
//! on cross-site form posts, still sent when an app's link opens the authorize page) and scoped
//! to the OAuth pages' path. The web app's session cookie is `HttpOnly` too (the page never
//! holds its token) and `SameSite=Strict`: no request another site starts carries it, not even
//! a top-level link, and the app, whose first request is `GET /api/session` from its own page,
//! does not need one that does. Every cookie is `Secure` when the server's public URL is https.

use std::time::Duration;

use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use url::Url;

/// The session cookie's name.
pub const SESSION: &str = "rushes_session";
/// The CSRF cookie's name (double-submit: the forms carry the same value).
pub const CSRF: &str = "rushes_csrf";
/// The web app's session cookie's name. Not `rushes_session`: that one is the authorization
/// pages', and a name sent twice counts as absent.
pub const WEB_SESSION: &str = "rushes_web";

/// The cookie of a review link's guest. Apart from the web app's: a guest is not a user, and
/// nothing that reads `rushes_web` may ever take a guest for one.
pub const GUEST_SESSION: &str = "rushes_guest";

/// The value of cookie `name` in the request, if sent once. A name sent twice (a cookie
/// planted for a wider path, say) is treated as absent rather than guessed at.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut found = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(k, _)| *k == name)
        .map(|(_, v)| v.trim());
    let first = found.next();
    if found.next().is_some() {
        return None;
    }
    first.filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value for the OAuth pages of the server at `base`. `value` is one of our
/// base64url tokens, so it needs no quoting.
pub fn set(base: &Url, name: &str, value: &str) -> Option<HeaderValue> {
    set_under(base, "oauth", name, value)
}

/// A `Set-Cookie` value scoped to the pages under `<base>/<under>` (the invitation page keeps
/// its CSRF cookie apart from the OAuth pages').
pub fn set_under(base: &Url, under: &str, name: &str, value: &str) -> Option<HeaderValue> {
    let path = format!("{}{under}", base.path());
    HeaderValue::from_str(&format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Lax{}",
        secure(base)
    ))
    .ok()
}

/// The web app's session cookie for the server at `base`, for its whole path, kept by the
/// browser as long as the session can last (`max_age`). `value` is one of our base64url
/// tokens.
pub fn set_web_session(base: &Url, value: &str, max_age: Duration) -> Option<HeaderValue> {
    strict(base, WEB_SESSION, value, max_age)
}

/// Removes the web app's session cookie (signed out, or it names no session any more).
pub fn clear_web_session(base: &Url) -> Option<HeaderValue> {
    strict(base, WEB_SESSION, "", Duration::ZERO)
}

/// A guest's session cookie: the web app's rules (`HttpOnly`, `SameSite=Strict`, the whole
/// server's path, `Secure` over https).
pub fn set_guest_session(base: &Url, value: &str, max_age: Duration) -> Option<HeaderValue> {
    strict(base, GUEST_SESSION, value, max_age)
}

/// Removes a guest's session cookie.
pub fn clear_guest_session(base: &Url) -> Option<HeaderValue> {
    strict(base, GUEST_SESSION, "", Duration::ZERO)
}

/// An `HttpOnly`, `SameSite=Strict` cookie for the whole server, kept `max_age`.
fn strict(base: &Url, name: &str, value: &str, max_age: Duration) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path={}; Max-Age={}; HttpOnly; SameSite=Strict{}",
        base.path(),
        max_age.as_secs(),
        secure(base)
    ))
    .ok()
}

fn secure(base: &Url) -> &'static str {
    if base.scheme() == "https" {
        "; Secure"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let h = with_cookie("a=1; rushes_csrf=abc; rushes_csrf_x=2");
        assert_eq!(get(&h, CSRF), Some("abc"));
        assert_eq!(get(&h, SESSION), None);
    }

    #[test]
    fn a_cookie_sent_twice_counts_as_absent() {
        assert_eq!(
            get(&with_cookie("rushes_csrf=a; rushes_csrf=b"), CSRF),
            None
        );
    }

    #[test]
    fn set_cookie_is_http_only_lax_and_secure_over_https() {
        let plain = set(&Url::parse("http://h/").unwrap(), SESSION, "v").unwrap();
        assert_eq!(
            plain.to_str().unwrap(),
            "rushes_session=v; Path=/oauth; HttpOnly; SameSite=Lax"
        );
        let tls = set(&Url::parse("https://h/rushes/").unwrap(), CSRF, "v").unwrap();
        assert_eq!(
            tls.to_str().unwrap(),
            "rushes_csrf=v; Path=/rushes/oauth; HttpOnly; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn the_web_session_cookie_is_strict_for_the_whole_server_and_secure_over_https() {
        let week = Duration::from_secs(7 * 24 * 3600);
        let plain = set_web_session(&Url::parse("http://h/").unwrap(), "v", week).unwrap();
        assert_eq!(
            plain.to_str().unwrap(),
            "rushes_web=v; Path=/; Max-Age=604800; HttpOnly; SameSite=Strict"
        );
        let tls = set_web_session(&Url::parse("https://h/rushes/").unwrap(), "v", week).unwrap();
        assert_eq!(
            tls.to_str().unwrap(),
            "rushes_web=v; Path=/rushes/; Max-Age=604800; HttpOnly; SameSite=Strict; Secure"
        );
        let guest = set_guest_session(&Url::parse("https://h/").unwrap(), "g", week).unwrap();
        assert_eq!(
            guest.to_str().unwrap(),
            "rushes_guest=g; Path=/; Max-Age=604800; HttpOnly; SameSite=Strict; Secure"
        );
        let gone = clear_guest_session(&Url::parse("http://h/").unwrap()).unwrap();
        assert_eq!(
            gone.to_str().unwrap(),
            "rushes_guest=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        );
        let gone = clear_web_session(&Url::parse("https://h/").unwrap()).unwrap();
        assert_eq!(
            gone.to_str().unwrap(),
            "rushes_web=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure"
        );
    }
}
