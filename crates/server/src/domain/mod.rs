//! What the API does, apart from HTTP: each function authorizes the caller, checks input, and
//! calls the repository functions. Handlers extract, call one of these, and respond.

pub mod activation;
pub mod activity;
pub mod approval;
pub mod archives;
pub mod comments;
pub mod files;
pub mod folder_members;
pub mod folders;
pub mod guest;
pub mod invitations;
pub mod members;
pub mod metadata;
pub mod projects;
pub mod review_links;
pub mod user_roles;
pub mod users;
pub mod versions;
pub mod visibility;
