//! What the API does, apart from HTTP: each function authorizes the caller, checks input, and
//! calls the repository functions. Handlers extract, call one of these, and respond.

pub mod comments;
pub mod files;
pub mod folders;
pub mod metadata;
pub mod projects;
