//! The typed API client: one method per endpoint, grouped by resource.

pub(crate) mod http;
mod client;
mod folders;
mod pages;
mod projects;
mod users;

pub use client::{http_client, ApiClient};
