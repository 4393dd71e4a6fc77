//! Opening the system browser for sign-in (never a webview, RFC 8252), and choosing where the
//! server sends it back.

use std::time::Duration;

use rushes_client::oauth::{BrowserOptions, OpenBrowser, Redirect};
use rushes_client::ClientError;
use tauri::AppHandle;
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_plugin_opener::OpenerExt;
use url::Url;

/// A command to run instead of the OS's browser, with the URL as its only argument. Tests set it
/// to a stand-in browser; people can set it to pick a browser.
const BROWSER_ENV: &str = "RUSHES_BROWSER";
/// Forces the redirect: `deep_link` or `loopback` (tests use both; people rarely need it).
const REDIRECT_ENV: &str = "RUSHES_SIGNIN_REDIRECT";
/// How long the app waits for the person to finish in the browser.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The system browser, through the opener plugin or `RUSHES_BROWSER`.
pub struct SystemBrowser(pub AppHandle);

impl OpenBrowser for SystemBrowser {
    fn open(&self, url: &Url) -> Result<(), ClientError> {
        match std::env::var_os(BROWSER_ENV).filter(|v| !v.is_empty()) {
            Some(command) => {
                let mut child = std::process::Command::new(&command)
                    .arg(url.as_str())
                    .stdin(std::process::Stdio::null())
                    .spawn()
                    .map_err(|e| ClientError::Io {
                        context: format!("could not start the browser {command:?}"),
                        source: e,
                    })?;
                // Reap it when it ends so it does not linger as a zombie.
                std::thread::spawn(move || child.wait());
                Ok(())
            }
            None => self
                .0
                .opener()
                .open_url(url.as_str(), None::<&str>)
                .map_err(|e| ClientError::Io {
                    context: "could not open the system browser".into(),
                    source: std::io::Error::other(e.to_string()),
                }),
        }
    }
}

/// The deep link when the OS knows the app handles `rushes://` (an installed package), else the
/// loopback listener, which works everywhere; `RUSHES_SIGNIN_REDIRECT` overrides the choice.
pub fn options(app: &AppHandle) -> BrowserOptions {
    let redirect = match std::env::var(REDIRECT_ENV).as_deref() {
        Ok("deep_link") => Redirect::DeepLink,
        Ok("loopback") => Redirect::Loopback,
        _ => match app.deep_link().is_registered("rushes") {
            Ok(true) => Redirect::DeepLink,
            _ => Redirect::Loopback,
        },
    };
    BrowserOptions {
        redirect,
        timeout: SIGN_IN_TIMEOUT,
    }
}
