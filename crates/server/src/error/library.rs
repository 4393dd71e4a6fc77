//! The library's error: what can go wrong starting a server or running an offline task.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Why starting the server or an account operation failed. HTTP requests have their own error
/// type; this one is for the embedding app and the command line.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The data directory could not be created or used.
    #[error("could not use the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The database schema could not be brought up to date (for example, it is newer than this
    /// server).
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The listening socket could not be opened.
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// No account has that email address.
    #[error("no user has the email address {0}")]
    UnknownUser(String),
    /// An account with that email address exists already.
    #[error("a user with the email address {0} exists already")]
    UserExists(String),
    /// An input (email, name, password) was rejected; the message says why.
    #[error("{0}")]
    Invalid(String),
    /// The media store could not be opened.
    #[error("media store: {0}")]
    Media(String),
    /// Hashing a secret failed, or the blocking task doing it did.
    #[error("could not hash a secret: {0}")]
    Hash(String),
}
