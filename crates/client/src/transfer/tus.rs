//! The tus 1.0 protocol from the client's side: discover, create, ask the offset, send a chunk,
//! terminate. Speaks to a Rushes server (with the connection's token) or to any tus server.
//!
//! Upload URLs are kept as paths and resolved against the endpoint's current address: the local
//! library listens on a new port each start, and a path never sends a token to another origin.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, LOCATION};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use tokio::sync::OnceCell;
use url::Url;

use crate::api::http::expect_success;
use crate::{ApiClient, ClientError};

const TUS_RESUMABLE: &str = "Tus-Resumable";
const TUS_VERSION: &str = "1.0.0";
const OFFSET_OCTETS: &str = "application/offset+octet-stream";

/// What the server said it supports (`OPTIONS`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub checksum_sha256: bool,
    pub concatenation: bool,
    pub termination: bool,
    pub max_size: Option<u64>,
}

/// Where an upload stands (`HEAD`, or the answer to a `PATCH`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub offset: u64,
    pub length: Option<u64>,
    /// The server's SHA-256 (hex) of a finished upload, when it says (Rushes does).
    pub sha256: Option<String>,
}

/// How an upload is created.
pub enum Creation<'a> {
    Single,
    /// A piece of a larger upload, joined later.
    Partial,
    /// Joins these finished partial uploads, in order.
    Final(&'a [String]),
}

/// A tus endpoint and how to authenticate to it.
#[derive(Clone)]
pub struct TusEndpoint {
    inner: Arc<Inner>,
}

enum Auth {
    /// A Rushes server: the connection's bearer token, renewed on 401.
    Rushes(ApiClient),
    /// Any tus server that needs no token.
    Open(reqwest::Client),
}

struct Inner {
    auth: Auth,
    /// The creation URL (`POST` here).
    endpoint: Url,
    capabilities: OnceCell<Capabilities>,
}

impl TusEndpoint {
    /// The `/uploads` endpoint of a Rushes server.
    pub fn rushes(api: ApiClient) -> Result<Self, ClientError> {
        let endpoint = api.base_url().join("uploads")?;
        Ok(Self::new(Auth::Rushes(api), endpoint))
    }

    /// Any tus 1.0 server at `endpoint`, without authentication.
    pub fn open(http: reqwest::Client, endpoint: Url) -> Self {
        Self::new(Auth::Open(http), endpoint)
    }

    fn new(auth: Auth, endpoint: Url) -> Self {
        Self {
            inner: Arc::new(Inner {
                auth,
                endpoint,
                capabilities: OnceCell::new(),
            }),
        }
    }

    /// What the server supports, asked once per endpoint.
    pub async fn capabilities(&self) -> Result<Capabilities, ClientError> {
        self.inner
            .capabilities
            .get_or_try_init(|| async {
                let resp = self
                    .send(Method::OPTIONS, self.inner.endpoint.clone(), |r| r)
                    .await?;
                if !resp.status().is_success() {
                    return Err(error_of(resp).await);
                }
                let headers = resp.headers();
                let list = |name: &str| {
                    header_str(headers, name)
                        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect())
                        .unwrap_or_default()
                };
                let extensions: Vec<String> = list("Tus-Extension");
                let algorithms: Vec<String> = list("Tus-Checksum-Algorithm");
                let has = |e: &str| extensions.iter().any(|x| x == e);
                Ok(Capabilities {
                    checksum_sha256: has("checksum") && algorithms.iter().any(|a| a == "sha256"),
                    concatenation: has("concatenation"),
                    termination: has("termination"),
                    max_size: header_u64(headers, "Tus-Max-Size"),
                })
            })
            .await
            .cloned()
    }

    /// Creates an upload of `length` bytes (none for a final upload) and returns its path.
    pub async fn create(
        &self,
        length: Option<u64>,
        metadata: &[(&str, &str)],
        creation: Creation<'_>,
    ) -> Result<String, ClientError> {
        let encoded = metadata
            .iter()
            .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
            .collect::<Vec<_>>()
            .join(",");
        let concat = match creation {
            Creation::Single => None,
            Creation::Partial => Some("partial".to_owned()),
            Creation::Final(parts) => Some(format!("final;{}", parts.join(" "))),
        };
        let resp = self
            .send(Method::POST, self.inner.endpoint.clone(), |mut r| {
                if let Some(length) = length {
                    r = r.header("Upload-Length", length);
                }
                if !encoded.is_empty() {
                    r = r.header("Upload-Metadata", &encoded);
                }
                if let Some(concat) = &concat {
                    r = r.header("Upload-Concat", concat);
                }
                r
            })
            .await?;
        if resp.status() != StatusCode::CREATED {
            return Err(error_of(resp).await);
        }
        let location = header_str(resp.headers(), LOCATION.as_str()).ok_or_else(|| {
            ClientError::Decode("the upload was created without a Location".into())
        })?;
        let url = self.inner.endpoint.join(location)?;
        Ok(path_of(&url))
    }

    /// The upload's offset (`HEAD`).
    pub async fn status(&self, path: &str) -> Result<Status, ClientError> {
        let resp = self.send(Method::HEAD, self.resolve(path)?, |r| r).await?;
        if !resp.status().is_success() {
            return Err(error_of(resp).await);
        }
        status_of(resp.headers())
    }

    /// Sends `len` bytes at `offset`. `sha256` is the checksum of exactly those bytes, sent
    /// when the server supports it so a corrupted chunk is refused (460) instead of stored.
    /// `body` makes the body afresh for each attempt (a 401 retry sends it again).
    pub async fn patch(
        &self,
        path: &str,
        offset: u64,
        len: u64,
        sha256: Option<&[u8]>,
        body: impl Fn() -> reqwest::Body,
    ) -> Result<Status, ClientError> {
        let checksum = sha256.map(|d| format!("sha256 {}", STANDARD.encode(d)));
        let resp = self
            .send(Method::PATCH, self.resolve(path)?, |r| {
                let mut r = r
                    .header(CONTENT_TYPE, OFFSET_OCTETS)
                    .header("Upload-Offset", offset)
                    .header(reqwest::header::CONTENT_LENGTH, len);
                if let Some(c) = &checksum {
                    r = r.header("Upload-Checksum", c);
                }
                r.body(body())
            })
            .await?;
        if resp.status() != StatusCode::NO_CONTENT && resp.status() != StatusCode::OK {
            return Err(error_of(resp).await);
        }
        status_of(resp.headers())
    }

    /// Ends an upload at the server (best effort for callers: a gone upload is fine).
    pub async fn terminate(&self, path: &str) -> Result<(), ClientError> {
        let resp = self
            .send(Method::DELETE, self.resolve(path)?, |r| r)
            .await?;
        match resp.status() {
            s if s.is_success() => Ok(()),
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(()),
            _ => Err(error_of(resp).await),
        }
    }

    fn resolve(&self, path: &str) -> Result<Url, ClientError> {
        Ok(self.inner.endpoint.join(path)?)
    }

    async fn send(
        &self,
        method: Method,
        url: Url,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Response, ClientError> {
        let with_version = |r: RequestBuilder| build(r.header(TUS_RESUMABLE, TUS_VERSION));
        match &self.inner.auth {
            Auth::Rushes(api) => api.send_url(method, url, with_version).await,
            Auth::Open(http) => Ok(with_version(http.request(method, url)).send().await?),
        }
    }
}

/// The path (and query) of an upload URL: what the queue keeps.
fn path_of(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v: &HeaderValue| v.to_str().ok())
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header_str(headers, name).and_then(|v| v.trim().parse().ok())
}

fn status_of(headers: &HeaderMap) -> Result<Status, ClientError> {
    let offset = header_u64(headers, "Upload-Offset")
        .ok_or_else(|| ClientError::Decode("the server did not say the upload's offset".into()))?;
    Ok(Status {
        offset,
        length: header_u64(headers, "Upload-Length"),
        sha256: header_str(headers, "Upload-Sha256").map(str::to_ascii_lowercase),
    })
}

/// The error of a failed tus answer: Rushes sends its error envelope, other servers plain text.
async fn error_of(resp: Response) -> ClientError {
    let status = resp.status();
    match expect_success(resp).await {
        Err(e) => e,
        // A success status we did not expect (e.g. 200 to a POST): the answer is not tus.
        Ok(()) => ClientError::Decode(format!("unexpected answer {status} from the tus server")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_urls_are_kept_as_paths() {
        let url = Url::parse("http://127.0.0.1:9/uploads/abc?x=1").unwrap();
        assert_eq!(path_of(&url), "/uploads/abc?x=1");
        let base = Url::parse("http://127.0.0.1:7/uploads").unwrap();
        assert_eq!(
            base.join(&path_of(&url)).unwrap().as_str(),
            "http://127.0.0.1:7/uploads/abc?x=1"
        );
    }

    #[test]
    fn offsets_are_required_and_hashes_lowercased() {
        let mut h = HeaderMap::new();
        assert!(status_of(&h).is_err());
        h.insert("Upload-Offset", HeaderValue::from_static("42"));
        h.insert("Upload-Sha256", HeaderValue::from_static("ABCD"));
        let s = status_of(&h).unwrap();
        assert_eq!((s.offset, s.sha256.as_deref()), (42, Some("abcd")));
    }
}
