//! The client's error type and its mapping to the small set of codes the UI branches on.

use rushes_api::error::ErrorEnvelope;
use rushes_api::ipc::{AppError, AppErrorCode};

/// Everything that can go wrong talking to a server or keeping its secrets.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with its error envelope.
    #[error("{}", .0.message())]
    Api(ErrorEnvelope),
    /// The server answered with an error status but no envelope (a proxy, a crash page).
    #[error("the server answered {status} without an explanation")]
    Status { status: u16 },
    /// The server could not be reached or the connection broke.
    #[error("could not reach the server: {0}")]
    Network(#[source] reqwest::Error),
    /// The server's answer was not what the API promises.
    #[error("the server sent an answer this app does not understand: {0}")]
    Decode(String),
    /// The server URL or a path built from it is invalid.
    #[error("invalid server address: {0}")]
    Url(#[from] url::ParseError),
    /// The OS keychain failed.
    #[error("the keychain could not be used: {0}")]
    Keychain(String),
    /// The in-process local library failed (it is started by the app, not reached over a network).
    #[error("the local library failed: {0}")]
    Library(String),
    /// A connection (or another local thing) that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Something the person entered (or a server announced) cannot be used.
    #[error("{0}")]
    Invalid(String),
    /// The server's OAuth endpoints refused a request (RFC 6749 error object), e.g. a wrong
    /// client secret or password.
    #[error("the server refused the sign-in: {0}")]
    OAuth(String),
    /// The connection's tokens are no longer accepted and nothing stored can get new ones: the
    /// person has to sign in again.
    #[error("{0}")]
    SignInRequired(String),
    /// A browser sign-in was cancelled or not finished in time.
    #[error("{0}")]
    SignInCancelled(String),
    /// A local file (a transfer's source or target, the fallback secret store) could not be
    /// read or written.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A transfer's connection broke off mid-way; what arrived is kept and the rest is asked
    /// for again.
    #[error("the transfer was interrupted: {0}")]
    Interrupted(String),
    /// The transfer queue's database failed.
    #[error("the transfer queue could not be used: {0}")]
    Queue(String),
    /// The bytes at both ends differ after a transfer (SHA-256), or a source changed under it.
    #[error("{0}")]
    Verification(String),
}

impl ClientError {
    /// The code the UI branches on.
    pub fn code(&self) -> AppErrorCode {
        match self {
            Self::Api(env) => env.code.into(),
            Self::Status { status: 401 } => AppErrorCode::Unauthenticated,
            Self::Network(_) | Self::Interrupted(_) => AppErrorCode::Offline,
            Self::Keychain(_) => AppErrorCode::Keychain,
            Self::OAuth(_) | Self::Invalid(_) => AppErrorCode::Invalid,
            Self::NotFound(_) => AppErrorCode::NotFound,
            Self::Io { source, .. } if is_disk_full(source) => AppErrorCode::DiskFull,
            Self::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                AppErrorCode::NotFound
            }
            Self::SignInRequired(_) => AppErrorCode::Unauthenticated,
            Self::SignInCancelled(_) => AppErrorCode::Cancelled,
            Self::Status { .. }
            | Self::Decode(_)
            | Self::Url(_)
            | Self::Library(_)
            | Self::Queue(_)
            | Self::Verification(_)
            | Self::Io { .. } => AppErrorCode::Internal,
        }
    }

    /// The HTTP status the server answered with, when it answered.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Api(env) => Some(env.status),
            Self::Status { status } => Some(*status),
            _ => None,
        }
    }

    /// True when the server rejected the credentials, so a fresh token may help.
    pub fn is_unauthorized(&self) -> bool {
        self.code() == AppErrorCode::Unauthenticated
    }
}

pub use rushes_api::error::is_disk_full;

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_decode() {
            Self::Decode(e.to_string())
        } else {
            Self::Network(e)
        }
    }
}

impl From<ClientError> for AppError {
    fn from(e: ClientError) -> Self {
        AppError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}
