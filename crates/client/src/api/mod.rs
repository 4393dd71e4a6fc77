//! The typed API client: one method per endpoint, grouped by resource.

mod account;
mod activity;
mod client;
mod comments;
mod files;
mod folders;
pub(crate) mod http;
mod members;
mod metadata;
mod pages;
mod projects;
mod review_links;
mod users;
mod versions;

pub use client::{http_client, ApiClient};
pub use comments::CommentExport;
pub use files::FileRef;
