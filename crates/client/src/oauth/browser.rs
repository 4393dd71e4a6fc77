//! Browser sign-in (RFC 8252): open the system browser on the authorization URL, wait for the
//! callback with our `state` (deep link or loopback, both through the [`CallbackRouter`]),
//! and exchange the code in Rust. The wait ends with the first matching callback, a timeout,
//! or a cancel; the loopback listener and the pending entry are cleaned up in every case.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use super::router::Outcome;
use super::{
    AuthRequest, CallbackRouter, IssuedTokens, LoopbackListener, OAuthClient, ServerMetadata,
    DEEP_LINK_REDIRECT, DESKTOP_CLIENT_ID,
};
use crate::{ClientError, Secret};

/// Opens a URL in the system browser (never a webview). The app uses the OS's handler, or a
/// command from `RUSHES_BROWSER` in tests.
pub trait OpenBrowser: Send + Sync {
    fn open(&self, url: &Url) -> Result<(), ClientError>;
}

/// Where the server sends the browser back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirect {
    /// `rushes://oauth/callback`, delivered by the OS to the running app.
    DeepLink,
    /// `http://127.0.0.1:{port}/oauth/callback` on a listener bound for this sign-in.
    Loopback,
}

/// How one browser sign-in runs.
#[derive(Debug, Clone, Copy)]
pub struct BrowserOptions {
    pub redirect: Redirect,
    /// Give up after this long: the person may have closed the browser tab.
    pub timeout: Duration,
}

/// A sign-in waiting for the browser. Dropping it cancels it.
pub struct PendingSignIn {
    request: AuthRequest,
    router: CallbackRouter,
    callback: Option<oneshot::Receiver<Outcome>>,
    loopback: Option<JoinHandle<()>>,
    client: OAuthClient,
    timeout: Duration,
}

/// Starts a browser sign-in at the server described by `meta` and opens the browser.
pub async fn sign_in_with_browser(
    http: reqwest::Client,
    meta: &ServerMetadata,
    router: &CallbackRouter,
    browser: &dyn OpenBrowser,
    options: BrowserOptions,
) -> Result<PendingSignIn, ClientError> {
    let (redirect_uri, listener) = match options.redirect {
        Redirect::DeepLink => (DEEP_LINK_REDIRECT.to_owned(), None),
        Redirect::Loopback => {
            let l = LoopbackListener::bind().await?;
            (l.redirect_uri(), Some(l))
        }
    };
    let request = AuthRequest::new(meta, &redirect_uri)?;
    let callback = router.register(&request.state);
    let client = OAuthClient::new(
        http,
        meta.token_endpoint.clone(),
        meta.revocation_endpoint.clone(),
        DESKTOP_CLIENT_ID,
        None,
    );
    let pending = PendingSignIn {
        loopback: listener.map(|l| tokio::spawn(l.serve(router.clone()))),
        callback: Some(callback),
        router: router.clone(),
        request,
        client,
        timeout: options.timeout,
    };
    tracing::info!(redirect = %pending.request.redirect_uri, "opening the browser to sign in");
    browser.open(&pending.request.url)?;
    Ok(pending)
}

impl PendingSignIn {
    /// The `state` of this sign-in, which [`CallbackRouter::cancel`] takes to cancel it.
    pub fn state(&self) -> Secret {
        self.request.state.clone()
    }

    /// The client the tokens were issued to, to refresh and revoke them later.
    pub fn client(&self) -> &OAuthClient {
        &self.client
    }

    /// Waits for the callback, then exchanges the code.
    pub async fn finish(mut self) -> Result<IssuedTokens, ClientError> {
        let Some(callback) = self.callback.take() else {
            return Err(cancelled());
        };
        let outcome = match tokio::time::timeout(self.timeout, callback).await {
            Err(_) => {
                return Err(ClientError::SignInCancelled(
                    "the sign-in was not finished in the browser in time; try again".into(),
                ))
            }
            Ok(Err(_)) => return Err(cancelled()),
            Ok(Ok(outcome)) => outcome,
        };
        let code = outcome.map_err(|error| match error.as_str() {
            "access_denied" => {
                ClientError::SignInCancelled("access was not allowed in the browser".into())
            }
            other => ClientError::OAuth(format!("the server refused the sign-in ({other})")),
        })?;
        self.client
            .exchange_code(&code, &self.request.verifier, &self.request.redirect_uri)
            .await
    }
}

impl Drop for PendingSignIn {
    fn drop(&mut self) {
        self.router.cancel(&self.request.state);
        if let Some(task) = self.loopback.take() {
            task.abort();
        }
    }
}

fn cancelled() -> ClientError {
    ClientError::SignInCancelled("the sign-in was cancelled".into())
}
