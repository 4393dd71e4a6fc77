//! The path a request span logs. Query strings are left out (they could carry something
//! secret-looking), and so is a review link's token: `/r/<token>` is a page path, and a log
//! line holding the token would let anyone who reads the logs open the link.

/// `path` without the token of a review link's page: `/r/<token>` logs as `/r/…`.
pub fn loggable(path: &str) -> std::borrow::Cow<'_, str> {
    match path.find("/r/") {
        Some(at) => format!("{}/r/…", &path[..at]).into(),
        None => path.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::loggable;

    #[test]
    fn a_review_links_token_never_reaches_the_log() {
        assert_eq!(loggable("/r/abcDEF_123-xyz"), "/r/…");
        assert_eq!(loggable("/rushes/r/abcDEF_123"), "/rushes/r/…");
        assert_eq!(loggable("/r/"), "/r/…");
        assert_eq!(loggable("/api/guest/files/3"), "/api/guest/files/3");
        assert_eq!(loggable("/rushes/api/me"), "/rushes/api/me");
    }
}
