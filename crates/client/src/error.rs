//! The client's error type and its mapping to the small set of codes the UI branches on.

use rushes_api::error::{ErrorCode, ErrorEnvelope};
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
    /// A local file (fallback secret store) could not be read or written.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl ClientError {
    /// The code the UI branches on.
    pub fn code(&self) -> AppErrorCode {
        match self {
            Self::Api(env) => match env.code {
                ErrorCode::ValidationFailed | ErrorCode::BadRequest => AppErrorCode::Invalid,
                ErrorCode::NameTaken => AppErrorCode::NameTaken,
                ErrorCode::NotFound | ErrorCode::UploadExpired => AppErrorCode::NotFound,
                ErrorCode::Forbidden => AppErrorCode::Forbidden,
                ErrorCode::Unauthorized => AppErrorCode::Unauthenticated,
                // Transient upload states: ask for the offset, or retry shortly.
                ErrorCode::Conflict | ErrorCode::OffsetMismatch | ErrorCode::UploadLocked => {
                    AppErrorCode::Conflict
                }
                ErrorCode::RateLimited
                | ErrorCode::LinkExpired
                | ErrorCode::ChecksumMismatch
                | ErrorCode::Internal => AppErrorCode::Internal,
            },
            Self::Status { status: 401 } => AppErrorCode::Unauthenticated,
            Self::Network(_) => AppErrorCode::Offline,
            Self::Keychain(_) => AppErrorCode::Keychain,
            Self::OAuth(_) | Self::Invalid(_) => AppErrorCode::Invalid,
            Self::NotFound(_) => AppErrorCode::NotFound,
            Self::SignInRequired(_) => AppErrorCode::Unauthenticated,
            Self::SignInCancelled(_) => AppErrorCode::Cancelled,
            Self::Status { .. }
            | Self::Decode(_)
            | Self::Url(_)
            | Self::Library(_)
            | Self::Io { .. } => AppErrorCode::Internal,
        }
    }

    /// True when the server rejected the credentials, so a fresh token may help.
    pub fn is_unauthorized(&self) -> bool {
        self.code() == AppErrorCode::Unauthenticated
    }
}

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
