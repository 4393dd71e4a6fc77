//! Serving a blob over HTTP: `HEAD`, one `Range`, `If-Range`, `If-None-Match`, with the sha256 as
//! a strong `ETag`. The body is streamed from disk; nothing is buffered whole.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use super::range::{self, RangeRequest};

/// Bytes read from disk per chunk of the response body.
const CHUNK: usize = 256 * 1024;

/// What is known about the blob being served.
#[derive(Debug)]
pub struct Representation<'a> {
    pub path: &'a Path,
    pub size: u64,
    /// Lower-case hex sha256 of the bytes.
    pub sha256: &'a str,
    pub content_type: &'a str,
    /// The name a browser saves it under.
    pub filename: &'a str,
    pub last_modified: std::time::SystemTime,
}

/// Answers `method` (GET or HEAD) with `headers` for `rep`. A missing blob (deleted while the
/// URL was valid) is a 404; other I/O failures are errors.
pub async fn serve(
    method: &Method,
    headers: &HeaderMap,
    rep: &Representation<'_>,
) -> std::io::Result<Response> {
    let etag = format!("\"{}\"", rep.sha256);
    let last_modified = httpdate::fmt_http_date(rep.last_modified);

    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        if etag_list_matches(inm, &etag) {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            common_headers(r.headers_mut(), &etag, &last_modified, rep);
            return Ok(r);
        }
    }

    let range_header = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let if_range_ok = headers
        .get(header::IF_RANGE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| if_range_holds(v.trim(), &etag, &last_modified));
    let wanted = if if_range_ok {
        range::parse(range_header, rep.size)
    } else {
        RangeRequest::Full
    };

    let (status, start, len) = match wanted {
        RangeRequest::Full => (StatusCode::OK, 0, rep.size),
        RangeRequest::Partial { start, end } => {
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        RangeRequest::Unsatisfiable => {
            let mut r = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            let h = r.headers_mut();
            common_headers(h, &etag, &last_modified, rep);
            insert(h, header::CONTENT_RANGE, &format!("bytes */{}", rep.size));
            return Ok(r);
        }
    };

    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        let mut file = match tokio::fs::File::open(rep.path).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(StatusCode::NOT_FOUND.into_response());
            }
            Err(e) => return Err(e),
        };
        file.seek(std::io::SeekFrom::Start(start)).await?;
        Body::from_stream(ReaderStream::with_capacity(file.take(len), CHUNK))
    };
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    common_headers(h, &etag, &last_modified, rep);
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if status == StatusCode::PARTIAL_CONTENT {
        let value = format!("bytes {start}-{}/{}", start + len - 1, rep.size);
        insert(h, header::CONTENT_RANGE, &value);
    }
    Ok(r)
}

fn common_headers(h: &mut HeaderMap, etag: &str, last_modified: &str, rep: &Representation<'_>) {
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    insert(h, header::ETAG, etag);
    insert(h, header::LAST_MODIFIED, last_modified);
    insert(h, header::CONTENT_TYPE, rep.content_type);
    insert(
        h,
        header::CONTENT_DISPOSITION,
        &content_disposition(rep.filename),
    );
    // The URL is signed for one blob, whose bytes never change.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    // Uploaded bytes are never run as a page of this origin, whatever their type.
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
}

/// Inserts a header built from our own strings; a value that is not a valid header is skipped
/// (it cannot happen for the values used here, which are ASCII by construction).
fn insert(h: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

/// `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266, RFC 8187).
pub fn content_disposition(filename: &str) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(filename, ATTR_CHAR).to_string();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// Everything but RFC 8187's `attr-char` is percent-encoded.
const ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `If-None-Match: "a", "b"` or `*` (weak comparison, RFC 9110 13.1.2). The web app's files are
/// revalidated the same way.
pub fn etag_list_matches(list: &str, etag: &str) -> bool {
    list.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == etag
    })
}

/// `If-Range` holds for a strong ETag that matches exactly, or for the exact `Last-Modified`
/// date (RFC 9110 13.1.5). Weak tags never hold.
fn if_range_holds(value: &str, etag: &str, last_modified: &str) -> bool {
    if value.starts_with('"') || value.starts_with("W/") {
        value == etag
    } else {
        value == last_modified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_keeps_the_exact_name_and_an_ascii_fallback() {
        assert_eq!(
            content_disposition("A001 take \"1\".mov"),
            "attachment; filename=\"A001 take _1_.mov\"; filename*=UTF-8''A001%20take%20%221%22.mov"
        );
        assert_eq!(
            content_disposition("Été.mxf"),
            "attachment; filename=\"_t_.mxf\"; filename*=UTF-8''%C3%89t%C3%A9.mxf"
        );
    }

    #[test]
    fn if_range_compares_strong_tags_and_exact_dates() {
        let etag = "\"abc\"";
        let date = "Mon, 23 Nov 2026 12:00:00 GMT";
        assert!(if_range_holds("\"abc\"", etag, date));
        assert!(!if_range_holds("\"abd\"", etag, date));
        assert!(!if_range_holds("W/\"abc\"", etag, date));
        assert!(if_range_holds(date, etag, date));
        assert!(!if_range_holds("Mon, 23 Nov 2026 12:00:01 GMT", etag, date));
    }

    #[test]
    fn if_none_match_takes_lists_weak_tags_and_star() {
        assert!(etag_list_matches("\"x\", \"abc\"", "\"abc\""));
        assert!(etag_list_matches("W/\"abc\"", "\"abc\""));
        assert!(etag_list_matches("*", "\"abc\""));
        assert!(!etag_list_matches("\"x\"", "\"abc\""));
    }
}
