//! Everything the Rushes app does that is not UI: the token source, the secret store, the
//! typed API client and the transfer engine. It speaks HTTP to a Rushes server and never
//! depends on the server crate, so the same client works against the in-process local library
//! and a remote team server.

pub mod activity_watch;
pub mod api;
pub mod auth;
pub mod connect;
pub mod connections;
pub mod error;
pub mod oauth;
pub mod secret_store;
pub mod transfer;

pub use api::ApiClient;
pub use auth::TokenSource;
pub use error::ClientError;
/// The redacting wrapper every secret is held in (defined with the wire types, so the server
/// uses the same one).
pub use rushes_api::Secret;
