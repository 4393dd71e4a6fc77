//! The typed API client: one method per endpoint, grouped by resource.

mod account;
mod client;
mod files;
mod folders;
pub(crate) mod http;
mod members;
mod pages;
mod projects;
mod users;

pub use client::{http_client, ApiClient};
pub use files::FileRef;
