//! Token endpoints in api.video's shape: `/auth/api-key` and `/auth/refresh`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, Timestamp};

/// Body of `POST /auth/api-key`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyExchange {
    #[serde(rename = "apiKey")]
    pub api_key: String,
}

/// Body of `POST /auth/refresh`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    #[serde(rename = "refreshToken")]
    pub refresh_token: String,
}

/// Answer of every token endpoint. Not wrapped in the success envelope, as in api.video and
/// RFC 6749. Never reaches the UI: tokens stay in Rust.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub token_type: String,
    /// Seconds until `access_token` expires.
    pub expires_in: u64,
    pub access_token: String,
    pub refresh_token: String,
}

/// An API key as listed: the secret is never shown again after creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    pub name: String,
    /// The first characters of the key, so a person can tell keys apart.
    pub prefix: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<String>, format = DateTime)
    )]
    pub last_used_at: Option<Timestamp>,
}

/// Body of `POST /api/api-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiKey {
    pub name: String,
}

/// Answer of creating an API key: the only time the secret is shown. It reaches the app's UI
/// once, for the person who made the key to copy; the app does not keep it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub key: ApiKey,
    pub secret: String,
}

impl std::fmt::Debug for ApiKeyExchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKeyExchange { api_key: <redacted> }")
    }
}

impl std::fmt::Debug for RefreshRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshRequest { refresh_token: <redacted> }")
    }
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}
