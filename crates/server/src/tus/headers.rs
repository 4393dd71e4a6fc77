//! Reading the tus request headers (and writing `Upload-Expires`): pure functions, so each rule
//! of the protocol is tested on its own.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::checksum::Checksum;
use super::TusError;

pub const TUS_RESUMABLE: &str = "tus-resumable";
pub const TUS_VERSION: &str = "tus-version";
pub const TUS_EXTENSION: &str = "tus-extension";
pub const TUS_MAX_SIZE: &str = "tus-max-size";
pub const TUS_CHECKSUM_ALGORITHM: &str = "tus-checksum-algorithm";
pub const UPLOAD_OFFSET: &str = "upload-offset";
pub const UPLOAD_LENGTH: &str = "upload-length";
pub const UPLOAD_DEFER_LENGTH: &str = "upload-defer-length";
pub const UPLOAD_METADATA: &str = "upload-metadata";
pub const UPLOAD_EXPIRES: &str = "upload-expires";
pub const UPLOAD_CHECKSUM: &str = "upload-checksum";
pub const UPLOAD_CONCAT: &str = "upload-concat";
/// Ours: the server's SHA-256 (hex) of a finished upload, for the client to compare.
pub const UPLOAD_SHA256: &str = "upload-sha256";
pub const METHOD_OVERRIDE: &str = "x-http-method-override";

/// The content type of every PATCH body (and of a creation request that carries data).
pub const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";

/// The decoded `Upload-Metadata`: key -> value (`None` for a key without a value).
pub type Metadata = BTreeMap<String, Option<String>>;

/// What `Upload-Concat` says about a new upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concat {
    /// `partial`: a piece of a later final upload.
    Partial,
    /// `final;<url> <url> ...`: the upload ids of the pieces, in order.
    Final(Vec<String>),
}

fn text<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, TusError> {
    headers
        .get(name)
        .map(|v| {
            v.to_str()
                .map(str::trim)
                .map_err(|_| TusError::bad_header(name))
        })
        .transpose()
}

/// A non-negative integer header (`Upload-Offset`, `Upload-Length`).
pub fn number(headers: &HeaderMap, name: &str) -> Result<Option<i64>, TusError> {
    match text(headers, name)? {
        None => Ok(None),
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| TusError::bad_header(name)),
        Some(_) => Err(TusError::bad_header(name)),
    }
}

/// `Upload-Defer-Length: 1` (the only value the protocol allows).
pub fn defers_length(headers: &HeaderMap) -> Result<bool, TusError> {
    match text(headers, UPLOAD_DEFER_LENGTH)? {
        None => Ok(false),
        Some("1") => Ok(true),
        Some(_) => Err(TusError::bad_header(UPLOAD_DEFER_LENGTH)),
    }
}

/// The raw `Upload-Metadata` (to echo on HEAD) and its decoded pairs: comma-separated
/// `key base64value`, keys unique, values base64 (standard alphabet, padded).
pub fn metadata(headers: &HeaderMap) -> Result<(String, Metadata), TusError> {
    let raw = text(headers, UPLOAD_METADATA)?.unwrap_or_default();
    let mut pairs = Metadata::new();
    for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = match pair.split_once(' ') {
            Some((k, v)) => (k, Some(v.trim())),
            None => (pair, None),
        };
        let value = value
            .map(|v| {
                STANDARD
                    .decode(v)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(|| TusError::bad_header(UPLOAD_METADATA))
            })
            .transpose()?;
        let valid_key = !key.is_empty() && key.bytes().all(|b| b.is_ascii_graphic());
        if !valid_key || pairs.insert(key.to_owned(), value).is_some() {
            return Err(TusError::bad_header(UPLOAD_METADATA));
        }
    }
    Ok((raw.to_owned(), pairs))
}

/// `Upload-Checksum: <algorithm> <base64 digest>`. An algorithm we do not support is a 400, as
/// the checksum extension asks.
pub fn checksum(headers: &HeaderMap) -> Result<Option<Checksum>, TusError> {
    let Some(v) = text(headers, UPLOAD_CHECKSUM)? else {
        return Ok(None);
    };
    let (algorithm, digest) = v
        .split_once(' ')
        .ok_or_else(|| TusError::bad_header(UPLOAD_CHECKSUM))?;
    let digest = STANDARD
        .decode(digest.trim())
        .map_err(|_| TusError::bad_header(UPLOAD_CHECKSUM))?;
    Checksum::new(algorithm, digest).map(Some)
}

/// `Upload-Concat`. The final form lists upload URLs (absolute or paths); their last path
/// segment is the upload id.
pub fn concat(headers: &HeaderMap) -> Result<Option<Concat>, TusError> {
    let Some(v) = text(headers, UPLOAD_CONCAT)? else {
        return Ok(None);
    };
    if v == "partial" {
        return Ok(Some(Concat::Partial));
    }
    let list = v
        .strip_prefix("final;")
        .ok_or_else(|| TusError::bad_header(UPLOAD_CONCAT))?;
    let ids: Vec<String> = list
        .split_whitespace()
        .map(|url| {
            let path = url.split(['?', '#']).next().unwrap_or_default();
            path.trim_end_matches('/')
                .rsplit('/')
                .next()
                .filter(|id| super::valid_id(id))
                .map(str::to_owned)
                .ok_or_else(|| TusError::bad_header(UPLOAD_CONCAT))
        })
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Err(TusError::bad_header(UPLOAD_CONCAT));
    }
    Ok(Some(Concat::Final(ids)))
}

/// Whether the request's content type is the one a PATCH body must have.
pub fn is_offset_stream(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(OFFSET_OCTET_STREAM))
}

/// An RFC 9110 HTTP date for `Upload-Expires`.
pub fn http_date(ms: i64) -> String {
    let secs = u64::try_from(ms.max(0) / 1000).unwrap_or(0);
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(name: &'static str, value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn metadata_decodes_pairs_and_keys_without_values() {
        let h = headers(
            UPLOAD_METADATA,
            "filename d29ybGRfZG9taW5hdGlvbi5wbGFu,is_confidential",
        );
        let (raw, pairs) = metadata(&h).unwrap();
        assert!(raw.starts_with("filename "));
        assert_eq!(pairs["filename"].as_deref(), Some("world_domination.plan"));
        assert_eq!(pairs["is_confidential"], None);
    }

    #[test]
    fn metadata_with_bad_base64_or_duplicate_keys_is_refused() {
        assert!(metadata(&headers(UPLOAD_METADATA, "a !!!")).is_err());
        assert!(metadata(&headers(UPLOAD_METADATA, "a YQ==,a Yg==")).is_err());
    }

    #[test]
    fn numbers_are_plain_non_negative_integers() {
        assert_eq!(
            number(&headers(UPLOAD_OFFSET, "42"), UPLOAD_OFFSET).unwrap(),
            Some(42)
        );
        assert_eq!(number(&HeaderMap::new(), UPLOAD_OFFSET).unwrap(), None);
        for bad in ["-1", "+1", "1.0", "", "99999999999999999999"] {
            let h = HeaderMap::from_iter([(
                UPLOAD_OFFSET.parse().unwrap(),
                HeaderValue::from_str(bad).unwrap(),
            )]);
            assert!(number(&h, UPLOAD_OFFSET).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn concat_final_takes_ids_from_urls_and_paths() {
        let a = "0123456789abcdef0123456789abcdef";
        let b = "fedcba9876543210fedcba9876543210";
        let value = format!("final;http://x/uploads/{a} /uploads/{b}");
        let h = HeaderMap::from_iter([(
            UPLOAD_CONCAT.parse().unwrap(),
            HeaderValue::from_str(&value).unwrap(),
        )]);
        assert_eq!(
            concat(&h).unwrap(),
            Some(Concat::Final(vec![a.into(), b.into()]))
        );
        assert_eq!(
            concat(&headers(UPLOAD_CONCAT, "partial")).unwrap(),
            Some(Concat::Partial)
        );
        assert!(concat(&headers(UPLOAD_CONCAT, "final;")).is_err());
        assert!(concat(&headers(UPLOAD_CONCAT, "final;/uploads/../etc")).is_err());
    }

    #[test]
    fn checksum_names_algorithm_and_base64_digest() {
        // sha1("") = da39a3ee...
        let h = headers(UPLOAD_CHECKSUM, "sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
        assert!(checksum(&h).unwrap().is_some());
        assert!(checksum(&headers(UPLOAD_CHECKSUM, "md5 1B2M2Y8AsgTpgAmY7PhCfg==")).is_err());
        assert!(checksum(&headers(UPLOAD_CHECKSUM, "sha1")).is_err());
    }

    #[test]
    fn expiry_is_an_http_date() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    /// Property tests (fuzz targets, see docs/security.md): the parsers never panic on any
    /// header value a client can send, and what a client encodes decodes to the same thing.
    mod fuzz {
        use proptest::prelude::*;
        use sha2::{Digest, Sha256};

        use super::super::*;
        use super::HeaderValue;

        /// Any bytes a header value may hold: visible ASCII, space, tab and obs-text.
        fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
            prop::collection::vec(
                prop_oneof![0x20u8..0x7f, Just(b'\t'), 0x80u8..=0xff],
                0..300,
            )
        }

        fn with(name: &'static str, value: &[u8]) -> HeaderMap {
            let mut h = HeaderMap::new();
            h.insert(
                name,
                HeaderValue::from_bytes(value).expect("the strategy makes valid header values"),
            );
            h
        }

        fn one(name: &'static str, value: &str) -> HeaderMap {
            with(name, value.as_bytes())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn no_parser_panics_on_any_value(value in header_bytes()) {
                let _ = metadata(&with(UPLOAD_METADATA, &value));
                let _ = number(&with(UPLOAD_OFFSET, &value), UPLOAD_OFFSET);
                let _ = number(&with(UPLOAD_LENGTH, &value), UPLOAD_LENGTH);
                let _ = defers_length(&with(UPLOAD_DEFER_LENGTH, &value));
                let _ = checksum(&with(UPLOAD_CHECKSUM, &value));
                let _ = concat(&with(UPLOAD_CONCAT, &value));
                let mut h = with(UPLOAD_CONCAT, b"final;");
                h.insert(UPLOAD_CONCAT, HeaderValue::from_bytes(&[b"final;".as_slice(), &value].concat()).unwrap());
                let _ = concat(&h);
            }

            #[test]
            fn metadata_round_trips(
                pairs in prop::collection::btree_map(
                    "[!-+\\--~]{1,16}",
                    prop::option::of(any::<String>()),
                    0..8,
                )
            ) {
                let raw = pairs
                    .iter()
                    .map(|(k, v)| match v {
                        Some(v) => format!("{k} {}", STANDARD.encode(v)),
                        None => k.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                let (echo, decoded) = metadata(&one(UPLOAD_METADATA, &raw)).unwrap();
                // HTTP trims a value's ends, so `key ` (an empty value) last in the header
                // cannot be told from `key`; the parser reads every empty value as "no value".
                prop_assert_eq!(echo, raw.trim());
                let expected: Metadata = pairs
                    .into_iter()
                    .map(|(k, v)| (k, v.filter(|v| !v.is_empty())))
                    .collect();
                prop_assert_eq!(decoded, expected);
            }

            #[test]
            fn numbers_round_trip_and_never_go_negative(n in any::<u64>(), pad in " {0,3}") {
                let parsed = number(&one(UPLOAD_LENGTH, &format!("{pad}{n}{pad}")), UPLOAD_LENGTH);
                match i64::try_from(n) {
                    Ok(n) => prop_assert_eq!(parsed.ok(), Some(Some(n))),
                    Err(_) => prop_assert!(parsed.is_err()),
                }
                let negative = format!("-{n}");
                prop_assert!(number(&one(UPLOAD_OFFSET, &negative), UPLOAD_OFFSET).is_err());
            }

            #[test]
            fn checksums_round_trip(body in prop::collection::vec(any::<u8>(), 0..256)) {
                let digest = STANDARD.encode(Sha256::digest(&body));
                let sum = checksum(&one(UPLOAD_CHECKSUM, &format!("sha256 {digest}")))
                    .unwrap()
                    .unwrap();
                let mut hasher = sum.hasher();
                hasher.update(&body);
                prop_assert!(sum.matches(hasher));
            }

            #[test]
            fn concat_lists_round_trip(
                ids in prop::collection::vec("[0-9a-f]{32}", 1..6),
                prefix in prop_oneof![
                    Just(String::new()),
                    Just("/uploads/".to_owned()),
                    Just("https://example.test/api/uploads/".to_owned()),
                ],
            ) {
                let urls: Vec<String> = ids.iter().map(|id| format!("{prefix}{id}")).collect();
                let value = format!("final;{}", urls.join(" "));
                prop_assert_eq!(
                    concat(&one(UPLOAD_CONCAT, &value)).unwrap(),
                    Some(Concat::Final(ids))
                );
            }
        }
    }
}
