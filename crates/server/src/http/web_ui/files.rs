//! The web app's files, compiled into the binary from `ui/dist`.
//!
//! Embedded with `rust-embed` rather than `include_dir`: both are maintained and embed a
//! directory at compile time, but rust-embed also computes each file's SHA-256 while compiling,
//! which is the `ETag` for free (no hashing at start or per request), and its `debug-embed`
//! feature makes debug builds embed as well, so tests serve exactly what a release serves and a
//! server never reads the checkout it was built from. Lookups are a match over the embedded
//! names, never the file system: a path like `../../etc/passwd` simply finds nothing.
//!
//! `build.rs` checks that `ui/dist` exists first; without it the build stops here with a message
//! saying what to run, rather than inside the derive.

use std::borrow::Cow;

use axum::body::Bytes;

#[cfg(ui_dist_missing)]
compile_error!(
    "ui/dist is missing, and the `web-ui` feature of rushes-server embeds it: run `npm ci` and \
     `npm run build:ui` at the repository root first (or build without default features)"
);

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist"]
#[cfg_attr(ui_dist_missing, allow_missing = true)]
struct Dist;

/// The content type of `index.html`.
pub const PAGE_TYPE: &str = "text/html; charset=utf-8";

/// One embedded file.
pub struct File {
    /// Borrowed from the binary: cloning it copies nothing.
    pub bytes: Bytes,
    /// The strong `ETag`: a quoted hex SHA-256 of the bytes.
    pub etag: String,
    pub content_type: &'static str,
}

/// The embedded file at `path` (relative to `ui/dist`, no leading slash), if there is one.
pub fn get(path: &str) -> Option<File> {
    let file = Dist::get(path)?;
    Some(File {
        etag: etag(&file.metadata.sha256_hash()),
        bytes: match file.data {
            Cow::Borrowed(b) => Bytes::from_static(b),
            Cow::Owned(v) => Bytes::from(v),
        },
        content_type: content_type(path),
    })
}

/// A strong `ETag` from a SHA-256.
pub fn etag(sha256: &[u8]) -> String {
    format!("\"{}\"", hex::encode(sha256))
}

/// The content type of the files a Vite build makes; anything else is served as bytes, which
/// `nosniff` keeps a browser from reading as something else.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" => PAGE_TYPE,
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_has_an_index_and_hashed_assets() {
        let index = get("index.html").expect("ui/dist/index.html is embedded");
        assert_eq!(index.content_type, PAGE_TYPE);
        assert_eq!(index.etag.len(), 66);
        assert!(Dist::iter().any(|name| name.starts_with("assets/")));
    }

    #[test]
    fn the_built_index_runs_no_inline_script() {
        // The CSP allows scripts from this server only ('self', no 'unsafe-inline'): an inline
        // script in the build would be refused by the browser and the app would not start.
        let index = get("index.html").expect("ui/dist/index.html is embedded");
        let html = String::from_utf8_lossy(&index.bytes).to_lowercase();
        for tag in html.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap_or_default();
            assert!(
                open.contains("src="),
                "inline <script{open}> in ui/dist/index.html"
            );
        }
        assert!(!has_event_handler(&html), "inline event handler in {html}");
    }

    /// Whether `html` has an attribute like ` onload=`: inline script as well.
    fn has_event_handler(html: &str) -> bool {
        html.match_indices(" on").any(|(at, _)| {
            let name: String = html[at + 3..]
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            !name.is_empty() && html[at + 3 + name.len()..].starts_with('=')
        })
    }

    #[test]
    fn event_handlers_are_told_from_text() {
        assert!(has_event_handler("<img src=x onerror=alert(1)>"));
        assert!(!has_event_handler("<title>Rushes on set</title>"));
    }

    #[test]
    fn nothing_outside_the_build_is_found() {
        assert!(get("../Cargo.toml").is_none());
        assert!(get("/etc/passwd").is_none());
        assert!(get("assets/").is_none());
    }

    #[test]
    fn content_types_of_a_vite_build() {
        assert_eq!(
            content_type("assets/index-1.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("assets/index-1.CSS"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
