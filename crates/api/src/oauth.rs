//! OAuth apps and the authorizations people gave them (`/api/oauth-apps`, `/api/authorizations`).
//!
//! Exported to TypeScript for the app's Account screen. The answers that carry a secret
//! ([`CreatedOAuthApp`], [`DevCode`]) reach the UI once, to be shown and copied by the person who
//! asked for them; the app keeps neither, and their `Debug` hides the secret.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, Timestamp};

/// A registered redirect URI and the authorization URL that starts a sign-in with it (the app
/// adds `state` and its PKCE `code_challenge`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedirectUri {
    pub uri: String,
    pub authorize_url: String,
}

/// An OAuth app as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OAuthApp {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    pub name: String,
    pub client_id: String,
    /// Public apps (desktop, mobile, browser) have no secret and must use PKCE.
    pub public: bool,
    pub redirect_uris: Vec<RedirectUri>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

/// Body of `POST /api/oauth-apps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewOAuthApp {
    pub name: String,
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub public: bool,
}

/// Body of `PATCH /api/oauth-apps/{id}`: absent fields stay as they are. Whether an app is
/// public is fixed at creation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OAuthAppUpdate {
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub redirect_uris: Option<Vec<String>>,
}

/// Answer of creating an app or rotating its secret: the only time the secret is shown.
/// `client_secret` is `None` for public apps.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedOAuthApp {
    #[serde(flatten)]
    pub app: OAuthApp,
    pub client_secret: Option<String>,
}

impl std::fmt::Debug for CreatedOAuthApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedOAuthApp")
            .field("app", &self.app)
            .finish_non_exhaustive()
    }
}

/// An app the caller authorized (`GET /api/authorizations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Authorization {
    #[ts(type = "number")]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: Id,
    pub app_name: String,
    pub client_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// Body of `POST /api/oauth-apps/{id}/codes` (the development "Generate" button). Without a
/// `redirect_uri` the app's first one is used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDevCode {
    #[serde(default)]
    #[ts(optional)]
    pub redirect_uri: Option<String>,
}

/// Answer of `POST /api/oauth-apps/{id}/codes`: an authorization code for the caller, to be
/// exchanged at `/oauth/token` with the same `redirect_uri` and the app's secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevCode {
    pub code: String,
    pub redirect_uri: String,
    /// Seconds until the code expires.
    #[ts(type = "number")]
    pub expires_in: u64,
}

impl std::fmt::Debug for DevCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevCode")
            .field("redirect_uri", &self.redirect_uri)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}
