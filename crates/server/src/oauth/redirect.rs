//! Redirect URIs: which may be registered, and which requested URI matches a registered one.
//!
//! Matching is exact string comparison, with one exception from RFC 8252 7.3: a registered
//! loopback URI (`http://127.0.0.1/...` or `http://[::1]/...`) matches the same URI on any port,
//! because native apps listen on whatever port the OS gives them. `localhost` is never treated
//! as loopback: a name can be resolved elsewhere (RFC 8252 8.3). No normalisation is applied
//! (case, percent-encoding, dot segments), so nothing can be smuggled past the comparison.

use url::Url;

/// At most this many redirect URIs per app.
pub const MAX_URIS: usize = 10;
/// Longest accepted redirect URI, in bytes.
const MAX_URI_BYTES: usize = 2000;
/// The loopback prefixes that match on any port.
const LOOPBACK_PREFIXES: [&str; 2] = ["http://127.0.0.1", "http://[::1]"];
/// Schemes that run or read something in the browser instead of reaching an app.
const FORBIDDEN_SCHEMES: [&str; 7] = [
    "javascript",
    "data",
    "vbscript",
    "file",
    "about",
    "blob",
    "filesystem",
];

/// Why a redirect URI cannot be registered, or `Ok`.
pub fn check_registration(uri: &str) -> Result<(), &'static str> {
    if uri.len() > MAX_URI_BYTES {
        return Err("is too long (maximum is 2000 bytes)");
    }
    if uri.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("can't contain spaces or control characters");
    }
    let url = Url::parse(uri).map_err(|_| "must be an absolute URI")?;
    if url.fragment().is_some() || uri.contains('#') {
        return Err("can't have a fragment");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("can't contain a user name or password");
    }
    match url.scheme() {
        "https" if url.host().is_none() => return Err("must name a host"),
        "http" if split_loopback(uri).is_none() => {
            return Err("may use http only for 127.0.0.1 or [::1]");
        }
        scheme if FORBIDDEN_SCHEMES.contains(&scheme) => {
            return Err("uses a scheme that is not allowed");
        }
        _ => {}
    }
    Ok(())
}

/// Checks a list of redirect URIs for registration; the messages are per list, as field errors.
pub fn check_list(uris: &[String]) -> Result<(), String> {
    if uris.is_empty() {
        return Err("can't be empty".into());
    }
    if uris.len() > MAX_URIS {
        return Err(format!("can't have more than {MAX_URIS} entries"));
    }
    for (i, uri) in uris.iter().enumerate() {
        check_registration(uri).map_err(|m| format!("{uri:?} {m}"))?;
        if uris[..i].contains(uri) {
            return Err(format!("{uri:?} is listed twice"));
        }
    }
    Ok(())
}

/// The registered URI that `requested` matches, if any.
pub fn find_match<'a>(registered: &'a [String], requested: &str) -> Option<&'a str> {
    registered
        .iter()
        .map(String::as_str)
        .find(|r| matches(r, requested))
}

/// Whether `requested` matches `registered` (exactly, or loopback on any port).
pub fn matches(registered: &str, requested: &str) -> bool {
    if registered == requested {
        return true;
    }
    match (split_loopback(registered), split_loopback(requested)) {
        (Some((reg_host, reg_rest)), Some((req_host, req_rest))) => {
            reg_host == req_host && reg_rest == req_rest
        }
        _ => false,
    }
}

/// Splits a loopback http URI into its prefix and what follows the port (path and query), or
/// `None` when it is not one. The port, if any, must be decimal and in range, and must be
/// followed by the path, the query or nothing: `http://127.0.0.1.example/` and
/// `http://127.0.0.1:80@example/` are not loopback.
fn split_loopback(uri: &str) -> Option<(&'static str, &str)> {
    let prefix = LOOPBACK_PREFIXES.into_iter().find(|p| uri.starts_with(p))?;
    let mut rest = &uri[prefix.len()..];
    if let Some(after_colon) = rest.strip_prefix(':') {
        let digits = after_colon.bytes().take_while(u8::is_ascii_digit).count();
        let port = after_colon[..digits].parse::<u16>().ok()?;
        if port == 0 {
            return None;
        }
        rest = &after_colon[digits..];
    }
    let boundary = rest.is_empty() || rest.starts_with('/') || rest.starts_with('?');
    (boundary && !rest.contains('#')).then_some((prefix, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_accepts_https_loopback_and_custom_schemes() {
        for ok in [
            "https://app.example/callback",
            "https://app.example/cb?tenant=1",
            "http://127.0.0.1/oauth/callback",
            "http://127.0.0.1:8080/cb",
            "http://[::1]/cb",
            "rushes://oauth/callback",
            "com.example.app:/oauth2redirect",
        ] {
            assert_eq!(check_registration(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn registration_refuses_the_dangerous_and_the_ambiguous() {
        for bad in [
            "/relative/path",
            "http://app.example/cb",
            "http://localhost/cb",
            "http://127.0.0.1.nip.io/cb",
            "https://app.example/cb#frag",
            "https://user:pw@app.example/cb",
            "javascript:alert(1)",
            "data:text/html,hi",
            "file:///etc/passwd",
            "https://app.example/a b",
            "",
        ] {
            assert!(check_registration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_need_one_to_ten_distinct_uris() {
        assert!(check_list(&[]).is_err());
        let many: Vec<String> = (0..11).map(|i| format!("https://a.example/{i}")).collect();
        assert!(check_list(&many).is_err());
        let twice = vec!["rushes://cb".to_owned(), "rushes://cb".to_owned()];
        assert!(check_list(&twice).is_err());
        assert!(check_list(&many[..10]).is_ok());
    }

    #[test]
    fn exact_match_only_for_ordinary_uris() {
        let reg = "https://app.example/cb";
        assert!(matches(reg, reg));
        for other in [
            "https://app.example/cb/",
            "https://app.example/cb/extra",
            "https://app.example/cb?x=1",
            "https://APP.example/cb",
            "https://app.example/CB",
            "https://app.example.evil.example/cb",
            "https://app.example:443/cb",
        ] {
            assert!(!matches(reg, other), "{other}");
        }
    }

    #[test]
    fn loopback_matches_any_port_with_the_same_path() {
        let reg = "http://127.0.0.1/oauth/callback";
        assert!(matches(reg, "http://127.0.0.1:49152/oauth/callback"));
        assert!(matches(reg, "http://127.0.0.1/oauth/callback"));
        assert!(matches(
            "http://127.0.0.1:1234/cb",
            "http://127.0.0.1:5678/cb"
        ));
        assert!(matches("http://[::1]/cb", "http://[::1]:5678/cb"));
        for other in [
            "http://127.0.0.1:49152/oauth/other",
            "http://127.0.0.1:49152/oauth/callback/x",
            "http://127.0.0.1:49152/oauth/callback?x=1",
            "http://localhost:49152/oauth/callback",
            "http://[::1]:49152/oauth/callback",
            "http://127.0.0.1:0/oauth/callback",
            "http://127.0.0.1:99999/oauth/callback",
            "http://127.0.0.1:80@evil.example/oauth/callback",
            "http://127.0.0.1.evil.example/oauth/callback",
            "https://127.0.0.1:49152/oauth/callback",
            "http://127.0.0.1:49152/oauth/callback#x",
        ] {
            assert!(!matches(reg, other), "{other}");
        }
    }
}
