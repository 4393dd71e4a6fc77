//! The OAuth 2.0 authorization server: registered apps, the authorization code flow with PKCE,
//! the token endpoint's grants, revocation and the metadata document.
//!
//! HTTP lives in `http::routes`; this module decides. Tokens come out of the same
//! [`crate::auth::issue::pair`] as every other flow, tagged with the app they were granted to,
//! so deleting the app or withdrawing its authorization ends them.

pub mod apps;
pub mod authorizations;
pub mod client_auth;
pub mod client_credentials;
pub mod codes;
pub mod dev_codes;
pub mod error;
pub mod metadata;
pub mod pkce;
pub mod redirect;
pub mod request;
pub mod revoke;
pub mod session;

pub use error::OAuthError;
