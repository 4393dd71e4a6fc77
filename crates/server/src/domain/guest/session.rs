//! Starting a guest session from a review link's token: the guest's name, and the password when
//! the link has one, checked under the sign-in throttle's rules.
//!
//! An unknown, revoked or expired token is 404 `not_found`, the same answer for all three: a
//! token holder learns nothing about links that no longer work. A wrong password is 401; the
//! failures are counted per link and per client address, held back and then locked like
//! sign-ins (`auth::throttle`), and an attempt holds its place while it is judged, so a burst
//! of guesses cannot pass the limit. While locked, no password is checked (429).

use std::net::IpAddr;

use rushes_api::review_links::{GuestLink, GuestSession, NewGuestSession};

use crate::auth::guest_session::{self, Guest};
use crate::auth::password;
use crate::auth::secret::sha256_hex;
use crate::auth::throttle::LoginThrottle;
use crate::config::WebSessionLimits;
use crate::db::review_links::{self, LinkRow};
use crate::db::time::now_ms;
use crate::db::{files, folders, projects, Pool};
use crate::error::{ApiError, Problems};
use crate::validate;

/// The longest guest name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Our tokens are 43 characters; anything much longer is not one, and is not hashed.
const MAX_TOKEN_BYTES: usize = 128;

const NEEDS_PASSWORD: &str = "this link needs a password";
const WRONG_PASSWORD: &str = "the password is wrong";

/// Checks `new` and starts a session; answers the cookie's token and what the page shows.
pub async fn start(
    pool: &Pool,
    throttle: &LoginThrottle,
    limits: &WebSessionLimits,
    addr: Option<IpAddr>,
    new: &NewGuestSession,
) -> Result<(String, GuestSession), ApiError> {
    let name = new.name.trim();
    let mut problems = Problems::default();
    problems.check("name", guest_name(name));
    problems.finish()?;
    let link = live_link(pool, &new.token).await?;
    if let Some(phc) = &link.password_hash {
        check_password(throttle, addr, &link, phc, new.password.as_deref()).await?;
    }
    let (token, csrf_token) = guest_session::start(pool, limits, &link, name).await?;
    tracing::info!(link = link.id, guest = %name, "guest session started");
    let shown = GuestSession {
        link: link_info(pool, &link).await?,
        guest_name: name.to_owned(),
        csrf_token,
    };
    Ok((token, shown))
}

/// What the page of a running session shows (after a reload).
pub async fn show(pool: &Pool, guest: &Guest) -> Result<GuestSession, ApiError> {
    Ok(GuestSession {
        link: link_info(pool, &guest.link).await?,
        guest_name: guest.name.clone(),
        csrf_token: guest.csrf_token().to_owned(),
    })
}

/// The live link of `token`; 404 for unknown, revoked and expired alike.
async fn live_link(pool: &Pool, token: &str) -> Result<LinkRow, ApiError> {
    if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
        return Err(ApiError::NotFound);
    }
    review_links::by_token_hash(pool, &sha256_hex(token))
        .await?
        .filter(|l| l.is_live(now_ms()))
        .ok_or(ApiError::NotFound)
}

/// Judges `presented` against the link's password under the throttle.
async fn check_password(
    throttle: &LoginThrottle,
    addr: Option<IpAddr>,
    link: &LinkRow,
    phc: &str,
    presented: Option<&str>,
) -> Result<(), ApiError> {
    // No password at all is a page asking which one, not a guess: it is not counted.
    let Some(presented) = presented.filter(|p| !p.is_empty()) else {
        return Err(ApiError::Unauthorized(NEEDS_PASSWORD));
    };
    let attempt = throttle
        .admit(&format!("review-link:{}", link.id), addr)
        .await
        .map_err(|e| ApiError::Internal(format!("reading a link's failed passwords: {e}")))?
        .map_err(ApiError::RateLimited)?;
    let right = presented.len() <= validate::MAX_PASSWORD_BYTES
        && password::verify(presented, phc)
            .await
            .map_err(|e| ApiError::Internal(format!("checking a link's password: {e}")))?;
    let recorded = |e: sqlx::Error| ApiError::Internal(format!("recording a link's password: {e}"));
    if right {
        attempt.succeeded().await.map_err(recorded)?;
        return Ok(());
    }
    let delay = attempt.failed().await.map_err(recorded)?;
    tracing::info!(link = link.id, "wrong password for a review link");
    tokio::time::sleep(delay).await;
    Err(ApiError::Unauthorized(WRONG_PASSWORD))
}

/// A guest's name: what the team will read beside their comments.
fn guest_name(name: &str) -> Result<(), &'static str> {
    if name.chars().count() > MAX_NAME_CHARS {
        return Err("is too long (maximum is 100 characters)");
    }
    validate::label(name)
}

/// The link as its guest sees it: its project's and root's names, not its ids' neighbours.
async fn link_info(pool: &Pool, link: &LinkRow) -> Result<GuestLink, ApiError> {
    let project = projects::by_id(pool, link.project_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (root_id, root_name) = match (link.folder_id, link.file_id) {
        (Some(id), _) => {
            let folder = folders::by_id(pool, link.project_id, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            (folder.id, folder.name)
        }
        (None, Some(id)) => {
            let file = files::by_id(pool, link.project_id, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            // A link covers every version of the entry: the guest starts at the newest.
            let head = crate::db::versions::of_stack(pool, file.stack_id)
                .await?
                .into_iter()
                .find(|v| v.head)
                .unwrap_or(file);
            (head.id, head.name)
        }
        (None, None) => return Err(ApiError::NotFound),
    };
    Ok(GuestLink {
        can_set_status: link.can_set_status,
        label: link.label.clone(),
        permission: link.permission(),
        project_name: project.name,
        kind: link.kind(),
        root_id,
        root_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_names_are_bounded_and_never_blank() {
        assert!(guest_name("Ada").is_ok());
        assert!(guest_name(&"a".repeat(100)).is_ok());
        assert!(guest_name(&"é".repeat(100)).is_ok());
        assert!(guest_name(&"a".repeat(101)).is_err());
        assert!(guest_name("").is_err());
        assert!(guest_name("a\nb").is_err());
    }
}
