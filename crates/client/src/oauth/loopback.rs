//! The loopback redirect (RFC 8252 7.3): a tiny HTTP listener on `127.0.0.1` and a free port
//! that takes `GET /oauth/callback?...`, answers the browser with a short page and hands the
//! URL to the [`CallbackRouter`]. It reads at most a few kilobytes per connection and nothing
//! but the request line, so a hostile local process gains nothing by talking to it.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::{CallbackRouter, LOOPBACK_PATH};
use crate::ClientError;

/// Requests longer than this are cut off and answered 400.
const MAX_REQUEST: usize = 8 * 1024;
/// A connection that sends nothing useful for this long is closed.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Rushes</title>\
<body style=\"font-family:sans-serif;margin:3em\"><h1>You can close this tab</h1>\
<p>Return to Rushes to go on.</p></body>";

/// A bound loopback listener, not yet serving.
pub struct LoopbackListener {
    listener: TcpListener,
    port: u16,
}

impl LoopbackListener {
    /// Binds `127.0.0.1` on a free port.
    pub async fn bind() -> Result<Self, ClientError> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(|e| ClientError::Io {
                context: "could not listen on a loopback port for the sign-in".into(),
                source: e,
            })?;
        let port = listener
            .local_addr()
            .map_err(|e| ClientError::Io {
                context: "could not read the loopback port".into(),
                source: e,
            })?
            .port();
        Ok(Self { listener, port })
    }

    /// The redirect URI that reaches this listener.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{LOOPBACK_PATH}", self.port)
    }

    /// Serves until the task is dropped or aborted: every callback goes to `router`.
    pub async fn serve(self, router: CallbackRouter) {
        loop {
            match self.listener.accept().await {
                Ok((stream, _)) => {
                    let router = router.clone();
                    let port = self.port;
                    tokio::spawn(async move {
                        if let Err(e) = handle(stream, port, &router).await {
                            tracing::debug!(error = %e, "loopback connection ended");
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "loopback listener failed");
                    return;
                }
            }
        }
    }
}

async fn handle(mut stream: TcpStream, port: u16, router: &CallbackRouter) -> std::io::Result<()> {
    let target = tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream))
        .await
        .unwrap_or(None);
    let (status, body) = match target {
        Some(target) if target.starts_with(LOOPBACK_PATH) => {
            let url = format!("http://127.0.0.1:{port}{target}");
            if router.deliver(&url) {
                ("200 OK", DONE_PAGE)
            } else {
                (
                    "400 Bad Request",
                    "This sign-in link is not valid any more.",
                )
            }
        }
        Some(_) => ("404 Not Found", "Not found."),
        None => ("400 Bad Request", "Bad request."),
    };
    let answer = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(answer.as_bytes()).await?;
    stream.shutdown().await
}

/// The request target of a `GET` request line, or `None` for anything else.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(2).any(|w| w == b"\r\n") {
        if buf.len() >= MAX_REQUEST {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let line = buf.split(|&b| b == b'\r').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("GET"), Some(target), Some(v), None) if v.starts_with("HTTP/1.") => {
            Some(target.to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    #[tokio::test]
    async fn a_browser_request_reaches_the_pending_sign_in() {
        let router = CallbackRouter::new();
        let rx = router.register(&Secret::new("st"));
        let listener = LoopbackListener::bind().await.unwrap();
        let uri = listener.redirect_uri();
        let serving = tokio::spawn(listener.serve(router.clone()));
        let http = reqwest::Client::new();

        let wrong = http
            .get(format!("{uri}?state=nope&code=c"))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 400);
        let other = http
            .get(uri.replace("/oauth/callback", "/x"))
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), 404);
        let ok = http
            .get(format!("{uri}?state=st&code=the-code"))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
        assert!(ok.text().await.unwrap().contains("close this tab"));
        assert_eq!(rx.await.unwrap().unwrap().expose(), "the-code");
        serving.abort();
    }
}
