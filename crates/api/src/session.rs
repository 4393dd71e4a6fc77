//! The web app's sign-in session as its page sees it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::users::User;

/// `GET /api/session`: who is signed in to the web app in this browser, and the CSRF token the
/// page sends back in `X-CSRF-Token` with every request that changes something. The session's
/// own token is in an `HttpOnly` cookie the page never sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebSession {
    pub user: User,
    pub csrf_token: String,
}
