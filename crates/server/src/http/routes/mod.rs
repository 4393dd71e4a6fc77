//! One router per resource; [`super::api_router`] merges them.

pub mod auth;
pub mod folders;
pub mod health;
pub mod me;
pub mod projects;
