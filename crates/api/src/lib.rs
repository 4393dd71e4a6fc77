//! Wire types shared by the Rushes server, client and UI.
//!
//! Every type that crosses HTTP or Tauri IPC is defined here exactly once. The UI's TypeScript
//! types are generated from these definitions (see [`bindings`]) and committed, and a test fails
//! when the committed file drifts from the Rust types.
//!
//! This crate depends on nothing of ours, so server and client can both use it without ever
//! depending on each other.

pub mod activity;
pub mod annotations;
pub mod approval;
pub mod auth;
#[cfg(feature = "app")]
pub mod bindings;
pub mod comments;
#[cfg(feature = "app")]
pub mod connections;
pub mod crash_point;
pub mod envelope;
pub mod error;
pub mod files;
pub mod folders;
pub mod health;
#[cfg(feature = "app")]
pub mod ipc;
pub mod members;
pub mod metadata;
pub mod oauth;
pub mod page;
pub mod patch;
pub mod projects;
pub mod renditions;
pub mod review_links;
pub mod roles;
pub mod secret;
pub mod session;
#[cfg(feature = "app")]
pub mod settings;
#[cfg(feature = "app")]
pub mod transfers;
pub mod usage;
pub mod users;
pub mod versions;

pub use secret::Secret;

/// Database ids on the wire. Integers, as in the Webgate API.
///
/// utoipa cannot see through a type alias, so fields of this type say
/// `schema(value_type = i64)` for the OpenAPI document.
pub type Id = i64;

/// Times on the wire: RFC 3339 in UTC. Fields say `schema(value_type = String, format =
/// DateTime)` for the OpenAPI document, for the same reason as [`Id`].
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// The longest name of a project, folder or file, in UTF-8 bytes: what most file systems
/// allow for one path component, so every name can be downloaded as it is. The server enforces
/// it; the UI checks it before asking.
pub const MAX_NAME_BYTES: usize = 255;
/// The longest project description, in UTF-8 bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 4096;
