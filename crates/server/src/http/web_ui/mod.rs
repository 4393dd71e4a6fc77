//! The web app at `/` (the `web-ui` feature): the Svelte UI of `ui/dist`, compiled in.
//!
//! It is the router's fallback, so every route of the server wins over it. What it answers,
//! for GET and HEAD only:
//!
//! - `/assets/…`: Vite's content-hashed files, cached for a year as `immutable` (a new build has
//!   new names);
//! - another embedded file by its name (`/favicon.svg`), revalidated each time;
//! - any other path that looks like a page (no dot in its last segment) and is not under one of
//!   the server's own prefixes: `index.html`, revalidated each time (`no-cache`), so the app's
//!   client-side routes survive a reload;
//! - everything else, `/api/…` above all, is the JSON 404 of an unknown route.
//!
//! Every answer carries the app's CSP: scripts and connections to this server only, no inline
//! script (Vite emits none; `files.rs` tests the build for it), inline styles allowed because
//! Svelte sets `style` attributes, images and media also from `blob:` and `data:` (posters,
//! local previews), no framing, no `<base>`, forms posting only here; plus `nosniff` and no
//! referrer. The page asks `GET /api/session` who is signed in, so it is served to anyone:
//! it holds nothing but the app's code.

mod files;
mod index;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::error::ApiError;
use crate::media::serve::etag_list_matches;

/// The web app's policy (see the module comment).
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; \
frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Hashed names never change content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The page and unhashed files: cached, but asked about every time (a 304 when unchanged).
const REVALIDATE: &str = "no-cache";

/// First path segments that belong to the server: below them an unknown path is a 404, never
/// the app. `assets` is the app's own, answered from the build or not at all.
const SERVER_PREFIXES: &[&str] = &[
    "api",
    "auth",
    "oauth",
    "media",
    "uploads",
    "invite",
    "signin",
    "signout",
    "healthz",
    "readyz",
    ".well-known",
];

/// What a path asks the web app for.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    /// The page: the app routes it in the browser.
    Page,
    /// A file of the build, by its path relative to `ui/dist`; `hashed` under `assets/`.
    File { path: &'a str, hashed: bool },
    /// Not the app's.
    Nothing,
}

fn target(path: &str) -> Target<'_> {
    let relative = path.strip_prefix('/').unwrap_or(path);
    let first = relative.split('/').next().unwrap_or_default();
    if first == "assets" {
        return Target::File {
            path: relative,
            hashed: true,
        };
    }
    if SERVER_PREFIXES.contains(&first) {
        return Target::Nothing;
    }
    if relative == "index.html" {
        return Target::Page;
    }
    let last = relative.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        Target::File {
            path: relative,
            hashed: false,
        }
    } else {
        Target::Page
    }
}

/// The page as prepared for this server.
struct WebUi {
    index: Option<index::Index>,
}

/// The fallback router of the whole application; `base_path` is the server's public path
/// (ending in `/`), where the page's links are rooted.
pub fn router(base_path: &str) -> Router {
    let index = index::prepare(base_path);
    if index.is_none() {
        tracing::error!("the web app has no index.html; / answers 404");
    }
    Router::new()
        .fallback(answer)
        .with_state(Arc::new(WebUi { index }))
}

async fn answer(
    State(ui): State<Arc<WebUi>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return ApiError::NotFound.into_response();
    }
    let found = match target(uri.path()) {
        Target::Page => ui.index.as_ref().map(|i| {
            (
                i.bytes.clone(),
                i.etag.clone(),
                files::PAGE_TYPE,
                REVALIDATE,
            )
        }),
        Target::File { path, hashed } => files::get(path).map(|f| {
            let cache = if hashed { IMMUTABLE } else { REVALIDATE };
            (f.bytes, f.etag, f.content_type, cache)
        }),
        Target::Nothing => None,
    };
    let Some((bytes, etag, content_type, cache)) = found else {
        return ApiError::NotFound.into_response();
    };
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|list| etag_list_matches(list, &etag));
    let length = bytes.len();
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else if method == Method::HEAD {
        StatusCode::OK.into_response()
    } else {
        (StatusCode::OK, bytes).into_response()
    };
    let h = response.headers_mut();
    if !unchanged {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, etag);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    secure(h);
    response
}

/// The headers of every answer of the app.
fn secure(headers: &mut HeaderMap) {
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_files_and_the_servers_own_paths_are_told_apart() {
        assert_eq!(target("/"), Target::Page);
        assert_eq!(target("/projects/1/folders/2"), Target::Page);
        assert_eq!(target("/index.html"), Target::Page);
        assert_eq!(
            target("/assets/index-1.js"),
            Target::File {
                path: "assets/index-1.js",
                hashed: true
            }
        );
        assert_eq!(
            target("/favicon.svg"),
            Target::File {
                path: "favicon.svg",
                hashed: false
            }
        );
        for ours in [
            "/api",
            "/api/nope",
            "/api/v4/oauth2/token",
            "/oauth/whatever",
            "/auth/x",
            "/media/1",
            "/uploads/x",
            "/invite",
            "/signin",
            "/signout",
            "/healthz",
            "/readyz",
            "/.well-known/x",
        ] {
            assert_eq!(target(ours), Target::Nothing, "{ours}");
        }
    }

    #[test]
    fn the_policy_forbids_inline_script_and_framing() {
        assert!(CSP.contains("script-src 'self';"));
        assert!(!CSP.contains("script-src 'self' 'unsafe"));
        assert!(CSP.contains("frame-ancestors 'none'"));
        assert!(CSP.contains("base-uri 'none'"));
    }
}
