//! Where the sign-in page sends the browser once signed in: the `next` it was given, when that
//! is a path of this server, and the web app's root otherwise. Never another site: a sign-in
//! link must not be usable to bounce someone, freshly signed in, to a page that imitates ours
//! (an open redirect).

use url::Url;

/// `next` as a same-origin path (with its query) under the server at `base`, or `base`'s path.
pub fn checked(base: &Url, next: &str) -> String {
    let root = base.path().to_owned();
    // Only an absolute path: no scheme, no `//host`, and nothing a URL parser would quietly
    // drop or turn into a slash (backslashes, tabs, line breaks) to make one of those.
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if !plain {
        return root;
    }
    let Ok(url) = base.join(next) else {
        return root;
    };
    if url.origin() != base.origin() || !url.path().starts_with(base.path()) {
        return root;
    }
    let mut path = url.path().to_owned();
    if let Some(query) = url.query() {
        path.push('?');
        path.push_str(query);
    }
    if path.starts_with("//") {
        return root;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_the_server_are_kept() {
        let base = Url::parse("http://127.0.0.1:8420/").unwrap();
        assert_eq!(checked(&base, "/"), "/");
        assert_eq!(
            checked(&base, "/projects/1?tab=files"),
            "/projects/1?tab=files"
        );
        assert_eq!(checked(&base, "/projects/../account"), "/account");
        assert_eq!(checked(&base, "/a#frag"), "/a");
    }

    #[test]
    fn anything_else_goes_to_the_root() {
        let base = Url::parse("https://media.example.com/rushes/").unwrap();
        for next in [
            "",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " /x",
            "javascript:alert(1)",
            "x",
            "/other-app/",
            "/rushes/../other-app/",
        ] {
            assert_eq!(checked(&base, next), "/rushes/", "{next:?}");
        }
        assert_eq!(checked(&base, "/rushes/projects/1"), "/rushes/projects/1");
    }
}
