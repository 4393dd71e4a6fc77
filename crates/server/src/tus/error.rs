//! How a tus request fails: the protocol's own statuses (409, 410, 412, 415, 423, 460, ...)
//! with a stable code, so tus clients and ours both understand. The web layer renders them in
//! the API's error envelope.

use rushes_api::error::ErrorCode;

use crate::error::ApiError;

/// A failed tus request.
#[derive(Debug, thiserror::Error)]
pub enum TusError {
    /// Anything the rest of the API can answer (401, 403, 404, 409 name taken, 500, ...).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// 400: a header is missing or malformed, or the request makes no sense.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 403: PATCH on a final upload (its bytes come from its partials).
    #[error("final uploads cannot be patched")]
    PatchFinal,
    /// 409: `Upload-Offset` is not where the upload is.
    #[error("offset mismatch: the upload is at {actual}")]
    OffsetMismatch { actual: i64 },
    /// 409: the file has an unfinished upload of another user.
    #[error("another upload into this file is in progress")]
    Busy,
    /// 409: the upload may only fill a pending record its user made, and this one is not.
    #[error("the file is not a pending record of yours")]
    NotPending,
    /// 410: the upload expired (or was finished long ago and forgotten).
    #[error("upload expired")]
    Expired,
    /// 412: the client speaks another tus version.
    #[error("unsupported tus version")]
    Version,
    /// 413: more bytes than announced, or more than the server accepts.
    #[error("too large: {0}")]
    TooLarge(String),
    /// 413 `quota_exceeded`: the upload does not fit in a storage quota, or the user has as
    /// many partial uploads as allowed; nothing of it was written.
    #[error("{0}")]
    Quota(super::quota::QuotaExceeded),
    /// 415: a PATCH body that is not `application/offset+octet-stream`.
    #[error("wrong content type")]
    ContentType,
    /// 423: another request is writing this upload right now.
    #[error("upload locked")]
    Locked,
    /// 460: the body does not match `Upload-Checksum`; nothing of it was kept.
    #[error("checksum mismatch")]
    ChecksumMismatch,
    /// 405: a method the upload URL does not have.
    #[error("method not allowed")]
    Method,
}

/// 460 is tus's own status; `http` has no name for it.
pub const CHECKSUM_MISMATCH: u16 = 460;

impl TusError {
    /// A 400 about header `name`.
    pub fn bad_header(name: &str) -> Self {
        Self::BadRequest(format!("the {name} header is missing or invalid"))
    }

    /// Status, code and message of the protocol's own failures (`Api` renders itself).
    pub fn parts(&self) -> Option<(u16, ErrorCode, String)> {
        Some(match self {
            Self::Api(_) => return None,
            Self::BadRequest(m) => (400, ErrorCode::BadRequest, m.clone()),
            Self::PatchFinal => (
                403,
                ErrorCode::Forbidden,
                "a final upload is made of its partial uploads and takes no bytes".into(),
            ),
            Self::OffsetMismatch { actual } => (
                409,
                ErrorCode::OffsetMismatch,
                format!("Upload-Offset does not match the upload's offset {actual}; ask with HEAD"),
            ),
            Self::Busy => (
                409,
                ErrorCode::Conflict,
                "another user is uploading this file".into(),
            ),
            Self::NotPending => (
                409,
                ErrorCode::NotPending,
                "the file already has its bytes or is not a pending record of yours; \
                 nothing was written into it"
                    .into(),
            ),
            Self::Expired => (
                410,
                ErrorCode::UploadExpired,
                "this upload expired; start a new one".into(),
            ),
            Self::Version => (
                412,
                ErrorCode::BadRequest,
                format!("this server speaks tus {}", super::VERSION),
            ),
            Self::TooLarge(m) => (413, ErrorCode::BadRequest, m.clone()),
            Self::Quota(q) => (413, ErrorCode::QuotaExceeded, q.to_string()),
            Self::ContentType => (
                415,
                ErrorCode::BadRequest,
                format!("the body must be {}", super::headers::OFFSET_OCTET_STREAM),
            ),
            Self::Locked => (
                423,
                ErrorCode::UploadLocked,
                "another request is writing this upload; try again shortly".into(),
            ),
            Self::ChecksumMismatch => (
                CHECKSUM_MISMATCH,
                ErrorCode::ChecksumMismatch,
                "the body does not match Upload-Checksum; its bytes were discarded".into(),
            ),
            Self::Method => (405, ErrorCode::BadRequest, "method not allowed".into()),
        })
    }
}

impl From<sqlx::Error> for TusError {
    fn from(e: sqlx::Error) -> Self {
        Self::Api(e.into())
    }
}

impl From<crate::media::store::StoreError> for TusError {
    fn from(e: crate::media::store::StoreError) -> Self {
        Self::Api(e.into())
    }
}

impl From<std::io::Error> for TusError {
    fn from(e: std::io::Error) -> Self {
        Self::Api(ApiError::io("upload staging", &e))
    }
}
