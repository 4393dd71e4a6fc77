//! WebCommander's client credentials grant: a confidential app authenticates with its secret and
//! names the user it acts for in `auth_string` = base64(`username:password`).
//!
//! The password goes through the same sign-in code as the browser pages, so the lockout and the
//! growing delay apply here too; otherwise this endpoint would be an unthrottled password oracle.
//! Tokens are tagged with the app, so deleting the app ends them.

use std::net::IpAddr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rushes_api::auth::TokenResponse;
use rushes_api::Secret;

use super::error::OAuthError;
use crate::auth::issue::{self, Origin};
use crate::auth::login::{login, LoginError, LoginOutcome};
use crate::auth::throttle::LoginThrottle;
use crate::auth::TokenSettings;
use crate::db::oauth_apps::OAuthAppRow;
use crate::db::time::now_ms;
use crate::db::{oauth_authorizations, Pool};

/// The user's credentials from `auth_string`.
#[derive(Debug)]
pub struct UserCredentials {
    pub username: String,
    password: Secret,
}

impl UserCredentials {
    /// Decodes base64(`username:password`); the password may itself contain colons.
    pub fn parse(auth_string: &str) -> Result<Self, OAuthError> {
        let decoded = STANDARD
            .decode(auth_string.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or(OAuthError::InvalidRequest(
                "auth_string is not base64 of UTF-8 text",
            ))?;
        let (username, password) = decoded.split_once(':').ok_or(OAuthError::InvalidRequest(
            "auth_string must be base64 of username:password",
        ))?;
        Ok(Self {
            username: username.to_owned(),
            password: Secret::from(password),
        })
    }
}

/// Everything the grant needs besides the authenticated app.
pub struct Grant<'a> {
    pub pool: &'a Pool,
    pub settings: &'a TokenSettings,
    pub throttle: &'a LoginThrottle,
    pub addr: Option<IpAddr>,
}

/// Signs the user in and issues a new token family for them through `app`.
pub async fn grant(
    g: &Grant<'_>,
    app: &OAuthAppRow,
    user: &UserCredentials,
) -> Result<TokenResponse, OAuthError> {
    // RFC 6749 4.4: only confidential clients may use this grant.
    if app.is_public || app.secret_hash.is_none() {
        return Err(OAuthError::UnauthorizedClient(
            "a public app cannot use the client_credentials grant",
        ));
    }
    let outcome = login(
        g.pool,
        g.throttle,
        &user.username,
        user.password.expose(),
        g.addr,
    )
    .await
    .map_err(|e| match e {
        LoginError::Database(e) => OAuthError::from(e),
        LoginError::Hash(e) => OAuthError::from(e),
    })?;
    let user_id = match outcome {
        LoginOutcome::SignedIn(id) => id,
        LoginOutcome::Rejected => {
            tracing::info!(
                app = app.id,
                "client credentials with a wrong username or password"
            );
            return Err(OAuthError::InvalidGrant(
                "the username or password is wrong",
            ));
        }
        LoginOutcome::Locked(wait) => return Err(OAuthError::Locked(wait)),
    };
    let now = now_ms();
    let origin = Origin {
        api_key_id: None,
        oauth_app_id: Some(app.id),
    };
    let mut tx = crate::db::begin_write(g.pool).await?;
    // Handing the app one's password is consent: record it, so the person sees the app among
    // their authorizations and can withdraw it (which revokes these tokens).
    oauth_authorizations::grant(&mut *tx, user_id, app.id, now).await?;
    let pair = issue::pair(
        &mut tx,
        g.settings,
        user_id,
        &issue::new_family(),
        origin,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        app = app.id,
        user = user_id,
        "issued tokens by client credentials"
    );
    Ok(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_string_splits_at_the_first_colon() {
        let creds = UserCredentials::parse(&STANDARD.encode("ada@x.test:pa:ss")).unwrap();
        assert_eq!(creds.username, "ada@x.test");
        assert_eq!(creds.password.expose(), "pa:ss");
    }

    #[test]
    fn bad_auth_strings_are_invalid_requests() {
        for bad in [
            "not base64!",
            &STANDARD.encode("no colon"),
            &STANDARD.encode([0xff, 0xfe]),
        ] {
            assert!(matches!(
                UserCredentials::parse(bad),
                Err(OAuthError::InvalidRequest(_))
            ));
        }
    }
}
