//! `index.html` as the server sends it.
//!
//! The UI is built with Vite's `base: './'` (the desktop app loads it from its own scheme), so
//! the page links `./assets/…`. Served from a client-side route such as `/projects/1/files`,
//! that would resolve below the route and find nothing; the links are made absolute under the
//! server's base path once, when the router is built. A `<base>` element would do the same, but
//! the page's CSP says `base-uri 'none'`.

use axum::body::Bytes;
use sha2::{Digest, Sha256};

use super::files;

/// The page, ready to send.
pub struct Index {
    pub bytes: Bytes,
    pub etag: String,
}

/// The embedded `index.html` with its relative links rooted at `base_path` (which ends in `/`).
pub fn prepare(base_path: &str) -> Option<Index> {
    let file = files::get("index.html")?;
    let html = String::from_utf8_lossy(&file.bytes);
    let bytes = Bytes::from(absolute_links(&html, base_path));
    Some(Index {
        etag: files::etag(&Sha256::digest(&bytes)),
        bytes,
    })
}

/// `src="./x"` and `href="./x"` become `src="<base_path>x"`: Vite writes no other relative
/// links into the page (the scripts find their chunks relative to their own URL).
fn absolute_links(html: &str, base_path: &str) -> String {
    html.replace("src=\"./", &format!("src=\"{base_path}"))
        .replace("href=\"./", &format!("href=\"{base_path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_are_rooted_at_the_base_path() {
        let html = r#"<script type="module" crossorigin src="./assets/index-1.js"></script><link rel="stylesheet" href="./assets/index-2.css"><link rel="icon" href="data:,">"#;
        assert_eq!(
            absolute_links(html, "/rushes/"),
            r#"<script type="module" crossorigin src="/rushes/assets/index-1.js"></script><link rel="stylesheet" href="/rushes/assets/index-2.css"><link rel="icon" href="data:,">"#
        );
    }

    #[test]
    fn the_embedded_index_links_its_assets_from_the_root() {
        let index = prepare("/").expect("ui/dist/index.html is embedded");
        let html = String::from_utf8(index.bytes.to_vec()).unwrap();
        assert!(html.contains("src=\"/assets/"), "{html}");
        assert!(!html.contains("\"./"), "{html}");
    }
}
