//! One router per resource; [`super::api_router`] merges them.

pub mod activity;
pub mod api_keys;
pub mod archives;
pub mod auth;
pub mod authorizations;
pub mod comments;
pub mod files;
pub mod folders;
pub mod guest;
pub mod guest_session;
pub mod health;
pub mod invitations;
pub mod me;
pub mod media;
pub mod members;
pub mod metadata;
pub mod oauth_apps;
pub mod oauth_pages;
pub mod oauth_token;
pub mod projects;
pub mod review_links;
pub mod session;
pub mod signin;
// tus dispatches on the (possibly overridden) method itself; see its module.
#[allow(clippy::disallowed_methods)]
pub mod uploads;
pub mod usage;
pub mod users;
pub mod versions;
