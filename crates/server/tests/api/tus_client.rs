//! A small tus client for the upload tests: requests with the protocol header and a token, and
//! a project with a folder the caller edits.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use sha2::{Digest, Sha256};
use url::Url;

use crate::common::{data, TestServer};

/// The admin's token, a project and a folder in it.
pub struct Place {
    pub token: String,
    pub project: i64,
    pub folder: i64,
}

impl Place {
    pub async fn new(server: &TestServer) -> Self {
        let token = server.admin_token().await;
        let project = server.project(&token, "Shoot").await;
        let folder = server.folder(&token, project, None, "Day 1").await;
        Self {
            token,
            project,
            folder,
        }
    }

    /// `Upload-Metadata` naming a new file `name` in the folder.
    pub fn in_folder(&self, name: &str) -> String {
        metadata(&[("folder_id", &self.folder.to_string()), ("filename", name)])
    }

    /// Creates a pending file record through the API and returns its id.
    pub async fn file(&self, server: &TestServer, name: &str) -> i64 {
        let res = server
            .post(
                &self.token,
                &self.files_path(),
                serde_json::json!({ "name": name }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        data::<serde_json::Value>(res).await["id"].as_i64().unwrap()
    }

    pub fn files_path(&self) -> String {
        format!(
            "api/projects/{}/folders/{}/files",
            self.project, self.folder
        )
    }

    /// The file record as the API shows it.
    pub async fn show(&self, server: &TestServer, id: i64) -> serde_json::Value {
        let res = server
            .get(&self.token, &format!("{}/{id}", self.files_path()))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        data(res).await
    }

    /// The file's bytes, through the download redirect.
    pub async fn download(&self, server: &TestServer, id: i64) -> Vec<u8> {
        let res = server
            .get(&self.token, &format!("{}/{id}/download", self.files_path()))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        res.bytes().await.unwrap().to_vec()
    }
}

/// `Upload-Metadata` from pairs.
pub fn metadata(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Deterministic test bytes that differ at every offset.
pub fn bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

/// A tus request with `token`, sent with any client to any address: through nginx, or to one
/// instance of several, where [`Tus`] (bound to one test server) does not reach.
pub fn tus_request(
    http: &reqwest::Client,
    method: Method,
    url: Url,
    token: &str,
) -> RequestBuilder {
    http.request(method, url)
        .bearer_auth(token)
        .header("Tus-Resumable", "1.0.0")
}

/// `POST uploads` at `base` announcing `length` bytes with `metadata` (add a body for
/// creation-with-upload).
pub fn tus_create(
    http: &reqwest::Client,
    base: &Url,
    token: &str,
    length: usize,
    metadata: &str,
) -> RequestBuilder {
    tus_request(http, Method::POST, base.join("uploads").unwrap(), token)
        .header("Upload-Length", length.to_string())
        .header("Upload-Metadata", metadata)
}

/// PATCH `chunk` at `offset` of the upload at `url`.
pub fn tus_patch(
    http: &reqwest::Client,
    url: &Url,
    token: &str,
    offset: usize,
    chunk: &[u8],
) -> RequestBuilder {
    tus_request(http, Method::PATCH, url.clone(), token)
        .header("Upload-Offset", offset.to_string())
        .header("Content-Type", "application/offset+octet-stream")
        .body(chunk.to_vec())
}

/// Starts a PATCH at offset 0 of `total` bytes to the server at `addr` by hand, sends only
/// `sent` of them (the start of [`bytes`]`(total)`), and returns the open connection: drop it
/// to vanish mid-body, or kill the server to die mid-body.
pub async fn partial_patch(
    addr: std::net::SocketAddr,
    token: &str,
    url: &Url,
    sent: usize,
    total: usize,
) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "PATCH {} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n\
         Content-Type: application/offset+octet-stream\r\nContent-Length: {total}\r\n\r\n",
        url.path(),
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&bytes(total)[..sent]).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

/// Speaks tus to a test server as one user.
pub struct Tus<'a> {
    pub server: &'a TestServer,
    pub token: String,
}

impl<'a> Tus<'a> {
    pub fn new(server: &'a TestServer, token: &str) -> Self {
        Self {
            server,
            token: token.to_owned(),
        }
    }

    /// A request with `Tus-Resumable` and the token.
    pub fn request(&self, method: Method, url: Url) -> RequestBuilder {
        tus_request(&self.server.http, method, url, &self.token)
    }

    /// POST /uploads announcing `length` bytes with `metadata`.
    pub async fn create(&self, length: u64, metadata: &str) -> Response {
        self.request(Method::POST, self.server.url("uploads"))
            .header("Upload-Length", length.to_string())
            .header("Upload-Metadata", metadata)
            .send()
            .await
            .unwrap()
    }

    /// Creates an upload and returns its URL.
    pub async fn create_ok(&self, length: u64, metadata: &str) -> Url {
        let res = self.create(length, metadata).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
        location(&res)
    }

    /// PATCH `chunk` at `offset`.
    pub async fn patch(&self, url: &Url, offset: u64, chunk: Vec<u8>) -> Response {
        self.patch_with(url, offset, chunk, None).await
    }

    /// PATCH `chunk` at `offset` with an `Upload-Checksum`.
    pub async fn patch_with(
        &self,
        url: &Url,
        offset: u64,
        chunk: Vec<u8>,
        checksum: Option<String>,
    ) -> Response {
        let mut req = self
            .request(Method::PATCH, url.clone())
            .header("Upload-Offset", offset.to_string())
            .header("Content-Type", "application/offset+octet-stream");
        if let Some(sum) = checksum {
            req = req.header("Upload-Checksum", sum);
        }
        req.body(chunk).send().await.unwrap()
    }

    /// Sends `all` from `from` in chunks of `chunk` bytes, checking each answer's offset; returns
    /// the last answer.
    pub async fn send_all(&self, url: &Url, all: &[u8], from: usize, chunk: usize) -> Response {
        let mut offset = from;
        loop {
            let end = (offset + chunk).min(all.len());
            let res = self
                .patch(url, offset as u64, all[offset..end].to_vec())
                .await;
            assert_eq!(res.status(), StatusCode::NO_CONTENT, "at {offset}");
            assert_eq!(header(&res, "upload-offset"), end.to_string());
            offset = end;
            if offset == all.len() {
                return res;
            }
        }
    }

    /// HEAD the upload.
    pub async fn head(&self, url: &Url) -> Response {
        self.request(Method::HEAD, url.clone())
            .send()
            .await
            .unwrap()
    }

    /// The offset HEAD reports.
    pub async fn offset(&self, url: &Url) -> u64 {
        let res = self.head(url).await;
        assert_eq!(res.status(), StatusCode::OK);
        header(&res, "upload-offset").parse().unwrap()
    }
}

/// A header's value as text ("" when absent).
pub fn header(res: &Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The `Location` of a creation answer.
pub fn location(res: &Response) -> Url {
    Url::parse(&header(res, "location")).unwrap()
}

/// The file id the server recorded for an upload, from the metadata target or the database.
pub async fn file_of(server: &TestServer, upload: &Url) -> i64 {
    let id = upload
        .path_segments()
        .unwrap()
        .next_back()
        .unwrap()
        .to_owned();
    let pool = server.db().await;
    let file: i64 = sqlx::query_scalar("SELECT file_id FROM uploads WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    file
}
