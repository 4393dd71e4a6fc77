//! Connections as the UI sees them: the local library and the servers the person added.
//!
//! These cross IPC. A view never carries a token, key or password; what the person types into
//! the "Add server" form goes only from the UI to Rust ([`NewConnection`] has no `Serialize`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the app signs in to a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// Authorization code with PKCE in the system browser (the default).
    Browser,
    /// An API key exchanged at `/auth/api-key`.
    ApiKey,
    /// Client credentials of a confidential OAuth app plus a user's email and password.
    ClientCredentials,
}

/// Whether a connection can be used right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConnectionState {
    /// Tokens are at hand (or can be renewed without the person).
    SignedIn,
    /// Signed out by the person; nothing secret is kept.
    SignedOut,
    /// The server no longer accepts the connection's tokens (revoked, expired): the person has
    /// to sign in again. `reason` says why, for the UI's message.
    SignInRequired { reason: String },
}

/// The person a connection acts as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionUser {
    pub name: String,
    pub email: String,
}

/// A connection as listed in the sidebar. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Connection {
    /// `local` for the local library, otherwise a random id given when the server was added.
    pub id: String,
    pub label: String,
    /// The server's base URL.
    pub url: String,
    /// `None` for the local library, which signs itself in.
    pub method: Option<SignInMethod>,
    pub state: ConnectionState,
    pub user: Option<ConnectionUser>,
}

/// What the "Add server" form sends: the server and how to sign in to it.
#[derive(Clone, PartialEq, Eq, Deserialize, TS)]
pub struct NewConnection {
    pub url: String,
    pub credentials: NewCredentials,
}

/// The credentials of [`NewConnection`], per method. Received from the UI once and kept only
/// in the OS keychain.
#[derive(Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum NewCredentials {
    Browser,
    ApiKey {
        api_key: String,
    },
    ClientCredentials {
        client_id: String,
        client_secret: String,
        username: String,
        password: String,
    },
}

impl NewCredentials {
    /// The method these credentials are for.
    pub fn method(&self) -> SignInMethod {
        match self {
            Self::Browser => SignInMethod::Browser,
            Self::ApiKey { .. } => SignInMethod::ApiKey,
            Self::ClientCredentials { .. } => SignInMethod::ClientCredentials,
        }
    }
}

impl std::fmt::Debug for NewConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewConnection")
            .field("url", &self.url)
            .field("method", &self.credentials.method())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for NewCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewCredentials::{:?} {{ <redacted> }}", self.method())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_new_credentials_hides_every_secret() {
        let new = NewConnection {
            url: "https://media.example".into(),
            credentials: NewCredentials::ClientCredentials {
                client_id: "cid".into(),
                client_secret: "rcs_secret".into(),
                username: "ada@example.org".into(),
                password: "hunter2".into(),
            },
        };
        let shown = format!("{new:?} {:?}", new.credentials);
        for secret in ["rcs_secret", "hunter2", "ada@example.org"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn credentials_arrive_tagged_by_method() {
        let c: NewCredentials =
            serde_json::from_str(r#"{"method":"api_key","api_key":"rk_x"}"#).unwrap();
        assert_eq!(c.method(), SignInMethod::ApiKey);
        let b: NewCredentials = serde_json::from_str(r#"{"method":"browser"}"#).unwrap();
        assert_eq!(b, NewCredentials::Browser);
    }
}
