//! Signing in with email and password on the authorization pages.

use std::net::IpAddr;
use std::time::Duration;

use rushes_api::Id;

use super::password;
use super::throttle::LoginThrottle;
use crate::db::{users, Pool};
use crate::validate;

/// How a sign-in attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The password is right and the account active.
    SignedIn(Id),
    /// Wrong email or password (which of the two is not told).
    Rejected,
    /// Too many failures; the password was not checked.
    Locked(Duration),
}

/// Why a sign-in could not be decided.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("hashing: {0}")]
    Hash(#[from] password::HashError),
}

/// Checks `email` and `password` against the stored argon2id hash, under the throttle. Unknown
/// accounts and accounts without a password cost one verification as well, so timing does not
/// tell them apart; failures are held back by the throttle's delay before answering.
///
/// The attempt is admitted by the throttle before anything is checked and holds its place
/// until judged, so concurrent guesses cannot outrun the lockout.
pub async fn login(
    pool: &Pool,
    throttle: &LoginThrottle,
    email: &str,
    secret: &str,
    addr: Option<IpAddr>,
) -> Result<LoginOutcome, LoginError> {
    let email = validate::email(email).unwrap_or_else(|_| email.trim().to_lowercase());
    let attempt = match throttle.admit(&email, addr).await? {
        Ok(attempt) => attempt,
        Err(wait) => return Ok(LoginOutcome::Locked(wait)),
    };
    let verified = if secret.len() > validate::MAX_PASSWORD_BYTES {
        None
    } else {
        match users::password_hash(pool, &email).await? {
            Some((id, Some(phc))) => password::verify(secret, &phc).await?.then_some(id),
            _ => {
                password::burn(secret).await?;
                None
            }
        }
    };
    let active = match verified {
        Some(id) => users::by_id(pool, id).await?.filter(|u| u.active),
        None => None,
    };
    match active {
        Some(user) => {
            attempt.succeeded().await?;
            Ok(LoginOutcome::SignedIn(user.id))
        }
        None => {
            let delay = attempt.failed().await?;
            tokio::time::sleep(delay).await;
            Ok(LoginOutcome::Rejected)
        }
    }
}
