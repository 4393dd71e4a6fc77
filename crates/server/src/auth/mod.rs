//! Credentials and tokens: API keys, passwords (with sign-in throttling), the access/refresh
//! token model, and the web app's sign-in sessions.
//!
//! Every flow ends in [`issue::pair`]: an access token and a rotating refresh token in one
//! family. Tokens, API keys and OAuth client secrets are 256-bit random strings stored as
//! SHA-256; passwords, which people choose, are stored as argon2id hashes.

pub mod api_key;
mod authenticate;
pub mod cookie_session;
pub mod csrf;
mod exchange;
pub mod guest_session;
pub mod issue;
pub mod keys;
pub mod login;
pub mod password;
pub mod refresh;
pub mod secret;
pub mod secret_hash;
pub mod throttle;
pub mod web_session;

use std::time::Duration;

use crate::config::WebSessionLimits;

pub use authenticate::authenticate;
pub use exchange::exchange_api_key;
pub use refresh::refresh;

/// Token and session lifetimes, from the server's configuration.
#[derive(Debug, Clone, Copy)]
pub struct TokenSettings {
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub web_sessions: WebSessionLimits,
}
