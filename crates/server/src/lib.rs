//! The Rushes media server: HTTP API, OAuth 2.0 authorization server, token issuing and storage.
//!
//! It is a library first, because the desktop app runs it in-process as its offline *local
//! library*, and tests start it on a free port; the `rushes-server` binary is a thin command line
//! over the same entry points. Start one with [`start`] and a [`ServerConfig`]; the offline
//! command-line tasks (creating users and API keys without a running server) are in [`offline`].

mod access;
mod auth;
mod bootstrap;
mod config;
mod db;
mod domain;
mod error;
mod http;
mod media;
mod net;
mod oauth;
pub mod offline;
mod provision;
mod random;
mod server;
mod state;
mod tus;
mod validate;

pub use config::{
    AdminBootstrap, ConnectionLimits, LoginLimits, MediaTools, ServerConfig, StorageQuotas,
    WebSessionLimits, ZipLimits,
};
pub use db::{DatabaseAt, Engine, Store};
pub use error::ServerError;
pub use net::parse_trusted as parse_trusted_proxy;
pub use server::{start, ServerHandle};
