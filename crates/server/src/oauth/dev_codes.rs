//! The development "Generate" button (`POST /api/oauth-apps/{id}/codes`): an app's owner gets an
//! authorization code for themselves without walking through the browser pages, to try the
//! token exchange by hand.
//!
//! Only confidential apps: the code carries no PKCE challenge, so its secret is what keeps a
//! leaked code useless. A public app has no secret, and a code without PKCE would be a bearer
//! credential for anyone who saw it.

use rushes_api::oauth::{DevCode, NewDevCode};
use rushes_api::Id;

use super::apps;
use super::codes::{self, CODE_TTL};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{oauth_authorizations, Pool};
use crate::error::{ApiError, Problems};

/// Issues a code for `caller` on app `id` (owner or admin only; 404 for everyone else).
pub async fn generate(
    pool: &Pool,
    caller: &UserRow,
    id: Id,
    body: &NewDevCode,
) -> Result<DevCode, ApiError> {
    let app = apps::load(pool, caller, id).await?;
    let mut problems = Problems::default();
    if app.is_public {
        problems.check(
            "base",
            Err("a public app must use PKCE; sign in through /oauth/authorize instead"),
        );
    }
    let redirect_uri = match &body.redirect_uri {
        Some(uri) if app.redirect_uris.iter().any(|r| r == uri) => Some(uri.clone()),
        Some(_) => {
            problems.check("redirect_uri", Err("is not one of the app's redirect URIs"));
            None
        }
        None => app.redirect_uris.first().cloned(),
    };
    problems.finish()?;
    let redirect_uri = redirect_uri
        .ok_or_else(|| ApiError::Internal(format!("app {} has no redirect URI", app.id)))?;
    let code = codes::store(pool, app.id, caller.id, &redirect_uri, None).await?;
    // Pressing the button is consent: record it like the consent page would, so the app is
    // listed among the caller's authorizations and can be withdrawn there.
    oauth_authorizations::grant(pool, caller.id, app.id, now_ms()).await?;
    tracing::info!(
        app = app.id,
        user = caller.id,
        "generated an authorization code"
    );
    Ok(DevCode {
        code,
        redirect_uri,
        expires_in: CODE_TTL.as_secs(),
    })
}
