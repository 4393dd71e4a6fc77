//! The app's side of OAuth 2.0 for native apps (RFC 8252): discovering a server, the
//! authorization request with PKCE and `state`, receiving the callback by deep link or on a
//! loopback port, and the token endpoint (code exchange, refresh, client credentials,
//! revocation) through the `oauth2` crate.

mod browser;
mod callback;
mod endpoint;
mod loopback;
mod metadata;
mod request;
mod router;

pub use browser::{sign_in_with_browser, BrowserOptions, OpenBrowser, PendingSignIn, Redirect};
pub use callback::{CallbackError, CallbackParams};
pub use endpoint::{oauth_http_client, IssuedTokens, OAuthClient};
pub use loopback::LoopbackListener;
pub use metadata::{discover, normalize_server_url, ServerMetadata};
pub use request::AuthRequest;
pub use router::CallbackRouter;

/// The desktop app's built-in public client at every Rushes server.
pub const DESKTOP_CLIENT_ID: &str = "rushes-desktop";
/// The redirect URI the OS delivers to the app as a deep link.
pub const DEEP_LINK_REDIRECT: &str = "rushes://oauth/callback";
/// The path of the loopback redirect URI (`http://127.0.0.1:{port}/oauth/callback`).
pub const LOOPBACK_PATH: &str = "/oauth/callback";
