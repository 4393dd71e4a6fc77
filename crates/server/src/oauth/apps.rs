//! Registered OAuth apps (`/api/oauth-apps`): any user may register apps; only the owner or a
//! server admin may see or change one, and everyone else is told it does not exist. Built-in
//! apps (the desktop app) belong to nobody and are not reachable through this API, so they
//! cannot be changed or deleted by accident.

use rushes_api::oauth::{CreatedOAuthApp, NewOAuthApp, OAuthApp, OAuthAppUpdate, RedirectUri};
use rushes_api::Id;
use url::Url;

use super::redirect;
use crate::auth::secret_hash;
use crate::db::oauth_apps::{self, NewAppRow, OAuthAppRow};
use crate::db::time::{now_ms, to_timestamp};
use crate::db::users::UserRow;
use crate::db::{is_unique_violation, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::random::random_string;
use crate::validate;

/// client_id collisions (128 random bits) do not happen; give up rather than loop on a broken
/// database.
const CLIENT_ID_ATTEMPTS: usize = 3;
/// What client secrets start with, so secret scanners can recognise a leaked one.
const SECRET_MARKER: &str = "rcs_";

/// The app as the API shows it, with a ready authorization URL per redirect URI.
pub fn to_api(row: &OAuthAppRow, base: &Url) -> OAuthApp {
    let redirect_uris = row
        .redirect_uris
        .iter()
        .map(|uri| RedirectUri {
            uri: uri.clone(),
            authorize_url: authorize_url(base, &row.client_id, uri),
        })
        .collect();
    OAuthApp {
        id: row.id,
        name: row.name.clone(),
        client_id: row.client_id.clone(),
        public: row.is_public,
        redirect_uris,
        created_at: to_timestamp(row.created_at),
        updated_at: to_timestamp(row.updated_at),
    }
}

/// `GET /oauth/authorize` for this client and redirect URI; the app adds `state` and PKCE.
fn authorize_url(base: &Url, client_id: &str, redirect_uri: &str) -> String {
    let Ok(mut url) = base.join("oauth/authorize") else {
        return String::new();
    };
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri);
    url.into()
}

fn check_name(problems: &mut Problems, name: &str) {
    problems.check("name", validate::label(name));
}

fn check_uris(problems: &mut Problems, uris: &[String]) {
    let result = redirect::check_list(uris);
    problems.check(
        "redirect_uris",
        result.as_ref().map(drop).map_err(String::as_str),
    );
}

/// Registers an app for the caller. Confidential apps get a secret, shown only in this answer.
pub async fn create(
    pool: &Pool,
    base: &Url,
    caller: &UserRow,
    new: &NewOAuthApp,
) -> Result<CreatedOAuthApp, ApiError> {
    let mut problems = Problems::default();
    check_name(&mut problems, &new.name);
    check_uris(&mut problems, &new.redirect_uris);
    problems.finish()?;

    let secret = (!new.public).then(new_secret);
    let stored = secret.as_deref().map(secret_hash::hash);
    let mut attempt = 0;
    let row = loop {
        attempt += 1;
        let client_id = random_string(16);
        let row = NewAppRow {
            owner_id: caller.id,
            name: &new.name,
            client_id: &client_id,
            is_public: new.public,
            secret_hash: stored.as_deref(),
            redirect_uris: &new.redirect_uris,
        };
        match oauth_apps::insert(pool, &row, now_ms()).await {
            Ok(row) => break row,
            Err(e) if is_unique_violation(&e) && attempt < CLIENT_ID_ATTEMPTS => continue,
            Err(e) => return Err(e.into()),
        }
    };
    tracing::info!(app = row.id, client = %row.client_id, "registered an OAuth app");
    Ok(CreatedOAuthApp {
        app: to_api(&row, base),
        client_secret: secret,
    })
}

fn new_secret() -> String {
    format!("{SECRET_MARKER}{}", random_string(32))
}

/// App `id` if the caller owns it or is an admin; otherwise not found.
pub async fn load(pool: &Pool, caller: &UserRow, id: Id) -> Result<OAuthAppRow, ApiError> {
    let row = oauth_apps::by_id(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    match row.owner_id {
        Some(owner) if owner == caller.id || caller.is_admin => Ok(row),
        _ => Err(ApiError::NotFound),
    }
}

/// One page of the caller's apps, and the total.
pub async fn list(
    pool: &Pool,
    base: &Url,
    caller: &UserRow,
    window: Window,
) -> Result<(Vec<OAuthApp>, i64), ApiError> {
    let rows = oauth_apps::list_for_owner(pool, caller.id, window.limit, window.offset).await?;
    let total = oauth_apps::count_for_owner(pool, caller.id).await?;
    Ok((rows.iter().map(|r| to_api(r, base)).collect(), total))
}

/// Renames an app or replaces its redirect URIs.
pub async fn update(
    pool: &Pool,
    base: &Url,
    caller: &UserRow,
    id: Id,
    change: &OAuthAppUpdate,
) -> Result<OAuthApp, ApiError> {
    let current = load(pool, caller, id).await?;
    let name = change.name.as_ref().unwrap_or(&current.name);
    let uris = change
        .redirect_uris
        .as_ref()
        .unwrap_or(&current.redirect_uris);
    let mut problems = Problems::default();
    check_name(&mut problems, name);
    check_uris(&mut problems, uris);
    problems.finish()?;
    let row = oauth_apps::update(pool, id, name, uris, now_ms())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(to_api(&row, base))
}

/// Replaces a confidential app's secret; the old one stops working at once.
pub async fn rotate_secret(
    pool: &Pool,
    base: &Url,
    caller: &UserRow,
    id: Id,
) -> Result<CreatedOAuthApp, ApiError> {
    let current = load(pool, caller, id).await?;
    if current.is_public {
        let mut problems = Problems::default();
        problems.check("base", Err("a public app has no secret"));
        problems.finish()?;
    }
    let secret = new_secret();
    let hash = secret_hash::hash(&secret);
    let row = oauth_apps::set_secret(pool, id, &hash, now_ms())
        .await?
        .ok_or(ApiError::NotFound)?;
    tracing::info!(app = row.id, "rotated an OAuth app's secret");
    Ok(CreatedOAuthApp {
        app: to_api(&row, base),
        client_secret: Some(secret),
    })
}

/// Deletes an app; every token issued through it goes with it.
pub async fn delete(pool: &Pool, caller: &UserRow, id: Id) -> Result<(), ApiError> {
    load(pool, caller, id).await?;
    if !oauth_apps::delete(pool, id).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(app = id, "deleted an OAuth app and its tokens");
    Ok(())
}
