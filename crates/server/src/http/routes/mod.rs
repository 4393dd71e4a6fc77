//! One router per resource; [`super::api_router`] merges them.

pub mod api_keys;
pub mod auth;
pub mod authorizations;
// Plain axum routers until they are converted to `OpenApiRouter` (see `http/openapi.rs`).
#[allow(clippy::disallowed_methods)]
pub mod folders;
pub mod health;
pub mod me;
pub mod oauth_apps;
pub mod oauth_pages;
pub mod oauth_token;
#[allow(clippy::disallowed_methods)]
pub mod projects;
