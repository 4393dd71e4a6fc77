//! Integration tests: the real server on 127.0.0.1:0 with its data in a temp dir, real SQLite,
//! spoken to over HTTP with reqwest. One binary, one module per concern.

mod browser;
mod common;
mod oauth_support;
mod people;
mod tus_client;

mod access;
mod api_keys;
mod cli;
mod comments;
mod concurrent_writes;
mod docs;
mod errors;
mod files;
mod folder_changes;
mod folders;
mod health;
mod ids;
mod invitations;
mod matrix;
mod me;
mod media;
mod members;
mod metadata;
mod oauth_apps;
mod oauth_client_credentials;
mod oauth_dev_codes;
mod oauth_flow;
mod oauth_requests;
mod oauth_revocation;
mod oauth_tokens;
mod pagination;
mod project_changes;
mod projects;
mod security_csrf;
mod security_directory;
mod security_headers;
mod security_lockout;
mod security_media;
mod security_names;
mod security_quota;
mod security_reactivation;
mod security_refresh;
mod security_secret_hashing;
mod security_timeouts;
mod tokens;
mod uploads;
mod uploads_access;
mod uploads_durability;
mod uploads_extensions;
mod uploads_finishing;
mod uploads_interop;
mod users;
#[cfg(feature = "web-ui")]
mod web_ui;
