//! The Webgate-style success envelope that wraps every JSON answer of the API.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `{"status":200,"status_message":"OK","info":"","data":...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Envelope<T> {
    pub status: u16,
    pub status_message: String,
    /// Free text for people; empty unless the server has something to say.
    #[serde(default)]
    pub info: String,
    pub data: T,
}

impl<T> Envelope<T> {
    /// Wraps `data` with the given HTTP status and its canonical reason phrase.
    pub fn new(status: u16, status_message: impl Into<String>, data: T) -> Self {
        Self {
            status,
            status_message: status_message.into(),
            info: String::new(),
            data,
        }
    }
}
