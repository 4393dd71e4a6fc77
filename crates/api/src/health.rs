//! The answer of `GET /readyz`, which load balancers and service managers poll to decide whether
//! an instance gets traffic. Not used by the UI, so it has no TypeScript binding.

use serde::{Deserialize, Serialize};

/// Whether the instance can serve requests now: it reaches its database and its media storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// `true` when every check passed (and the answer is 200; 503 otherwise).
    pub ready: bool,
    pub database: Check,
    pub storage: Check,
}

/// One dependency's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Check {
    pub ok: bool,
    /// What failed, in words, when it failed (details are in the server's log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Check {
    pub const OK: Check = Check {
        ok: true,
        message: None,
    };

    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            ok: false,
            message: Some(message.into()),
        }
    }
}
