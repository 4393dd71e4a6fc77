//! `ApiError`: every way a request can fail, and `Problems`, which collects the field errors of
//! one request so that a single answer lists all of them. Domain code returns these; the web
//! layer turns them into the error envelope.

use std::collections::BTreeMap;

/// Field name -> problems; `base` holds problems with the whole request.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// A failed request. Handlers return it; the web layer renders the envelope.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422: the input broke the rules; the map says which fields and why.
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    /// 401: no credentials, or ones that are invalid, expired or revoked.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// 403: a member whose role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// 403 `forbidden` as well, for credentials this request may not use as it was sent: the
    /// web app's session cookie on a request from another origin, or without the session's
    /// CSRF token. The message says which.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// 404: does not exist, or the caller may not know that it exists.
    #[error("not found")]
    NotFound,
    /// 429: too many wrong passwords (a review link's); try again after the duration, which
    /// `Retry-After` says.
    #[error("rate limited for {0:?}")]
    RateLimited(std::time::Duration),
    /// 409: a sibling already has this name.
    #[error("name taken")]
    NameTaken,
    /// 409: the request conflicts with the resource's state; the message says how.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 429: the caller already has as many of these running as they may (ZIP downloads);
    /// the message says which. Answered with `Retry-After`.
    #[error("too many at once: {0}")]
    TooMany(&'static str),
    /// 403: a signed media URL that expired or was not made by this server.
    #[error("link expired")]
    LinkExpired,
    /// An extractor refused the request before the handler ran (bad JSON, wrong content type,
    /// body too large); `status` is the rejection's own HTTP status code.
    #[error("rejected ({status}): {message}")]
    Rejected { status: u16, message: String },
    /// 507: the server's disk is full. Logged in full; the client learns only that, and that
    /// nothing of the request was kept.
    #[error("disk full: {0}")]
    DiskFull(String),
    /// 500: a bug or an outage. Logged in full; the client only learns that it happened.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A failed write: `disk_full` when the disk is full, otherwise internal.
    pub fn io(context: &str, e: &std::io::Error) -> Self {
        if rushes_api::error::is_disk_full(e) {
            Self::DiskFull(format!("{context}: {e}"))
        } else {
            Self::Internal(format!("{context}: {e}"))
        }
    }
}

/// SQLite's "database or disk is full".
const SQLITE_FULL: &str = "13";

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        let full = matches!(&e, sqlx::Error::Database(db) if db.code().as_deref() == Some(SQLITE_FULL))
            || matches!(&e, sqlx::Error::Io(io) if rushes_api::error::is_disk_full(io));
        if full {
            Self::DiskFull(format!("database: {e}"))
        } else {
            Self::Internal(format!("database: {e}"))
        }
    }
}

/// Collects field problems so one answer lists all of them.
#[derive(Debug, Default)]
pub struct Problems(FieldErrors);

impl Problems {
    /// Records `result`'s problem, if any, under `field`.
    pub fn check(&mut self, field: &str, result: Result<(), &str>) {
        if let Err(message) = result {
            self.0
                .entry(field.to_owned())
                .or_default()
                .push(message.to_owned());
        }
    }

    /// `Ok` when nothing was recorded, else the 422.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}
