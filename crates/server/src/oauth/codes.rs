//! Authorization codes: issued after consent, exchanged once for tokens at `/oauth/token`.
//!
//! A code is bound to its app, the exact redirect URI and the PKCE challenge, lives ten minutes
//! and works once. The token family its exchange will start is chosen when the code is issued,
//! so that a replayed code (someone intercepted it) revokes what the first exchange got
//! (RFC 6749 4.1.2).

use std::time::Duration;

use rushes_api::auth::TokenResponse;
use rushes_api::Id;
use url::Url;

use super::error::OAuthError;
use super::pkce;
use super::request::ValidRequest;
use crate::auth::issue::{self, Origin};
use crate::auth::secret::{new_token, sha256_hex};
use crate::auth::TokenSettings;
use crate::db::oauth_apps::OAuthAppRow;
use crate::db::oauth_codes::{self, CodeRow, NewCode};
use crate::db::time::{after_ms, now_ms};
use crate::db::{tokens, users, Pool};

/// How long a code can be exchanged (docs/architecture/api.md: ten minutes).
pub const CODE_TTL: Duration = Duration::from_secs(600);

/// Issues a code for `user_id` and returns where to send the browser: the requested redirect
/// URI with `code` and `state` added.
pub async fn issue(pool: &Pool, req: &ValidRequest, user_id: Id) -> Result<Url, sqlx::Error> {
    let code = store(
        pool,
        req.app.id,
        user_id,
        &req.redirect_uri,
        req.code_challenge.as_deref(),
    )
    .await?;
    let mut to = Url::parse(&req.redirect_uri)
        .map_err(|e| sqlx::Error::Protocol(format!("checked redirect URI failed to parse: {e}")))?;
    to.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &req.state);
    Ok(to)
}

/// Stores a new code for `user_id` and `app_id`, bound to `redirect_uri` and the challenge, and
/// returns it: the only place it exists in clear.
pub async fn store(
    pool: &Pool,
    app_id: Id,
    user_id: Id,
    redirect_uri: &str,
    code_challenge: Option<&str>,
) -> Result<String, sqlx::Error> {
    let code = new_token();
    let hash = sha256_hex(&code);
    let family = issue::new_family();
    let now = now_ms();
    let row = NewCode {
        hash: &hash,
        app_id,
        user_id,
        redirect_uri,
        code_challenge,
        family_id: &family,
        expires_at: after_ms(now, CODE_TTL),
    };
    oauth_codes::insert(pool, &row, now).await?;
    Ok(code)
}

/// What the token request says about the code.
#[derive(Debug, Clone, Copy)]
pub struct Exchange<'a> {
    pub code: &'a str,
    pub redirect_uri: &'a str,
    pub code_verifier: Option<&'a str>,
}

/// Exchanges a code for a token pair, for the authenticated `app`.
pub async fn exchange(
    pool: &Pool,
    settings: &TokenSettings,
    app: &OAuthAppRow,
    req: Exchange<'_>,
) -> Result<TokenResponse, OAuthError> {
    let hash = sha256_hex(req.code);
    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    let Some(code) = oauth_codes::claim(&mut *tx, &hash, now).await? else {
        if let Some(used) = oauth_codes::by_hash(&mut *tx, &hash).await? {
            let revoked = tokens::revoke_family(&mut *tx, &used.family_id, now).await?;
            tx.commit().await?;
            tracing::warn!(
                app = used.app_id,
                revoked,
                "an authorization code was presented again; revoked the tokens it issued"
            );
            return Err(OAuthError::InvalidGrant(
                "the authorization code was already used",
            ));
        }
        return Err(OAuthError::InvalidGrant(
            "the authorization code is not valid",
        ));
    };
    // The code is spent from here on, whatever follows: a failed check must not leave it for
    // another guess at the verifier.
    if let Err(e) = check(&code, app, &req, now) {
        tx.commit().await?;
        return Err(e);
    }
    let active = users::by_id(&mut *tx, code.user_id)
        .await?
        .is_some_and(|u| u.active);
    if !active {
        tx.commit().await?;
        return Err(OAuthError::InvalidGrant("the account is deactivated"));
    }
    let origin = Origin {
        api_key_id: None,
        oauth_app_id: Some(app.id),
    };
    let pair = issue::pair(
        &mut tx,
        settings,
        code.user_id,
        &code.family_id,
        origin,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(pair)
}

/// The bindings of a claimed code: client, expiry, redirect URI, PKCE.
fn check(
    code: &CodeRow,
    app: &OAuthAppRow,
    req: &Exchange<'_>,
    now: i64,
) -> Result<(), OAuthError> {
    if code.app_id != app.id {
        return Err(OAuthError::InvalidGrant(
            "the authorization code was issued to another client",
        ));
    }
    if code.expires_at <= now {
        return Err(OAuthError::InvalidGrant(
            "the authorization code has expired",
        ));
    }
    if code.redirect_uri != req.redirect_uri {
        return Err(OAuthError::InvalidGrant(
            "redirect_uri differs from the authorization request",
        ));
    }
    match (&code.code_challenge, req.code_verifier) {
        (Some(challenge), Some(verifier)) if pkce::verify(verifier, challenge) => Ok(()),
        (Some(_), Some(_)) => Err(OAuthError::InvalidGrant(
            "code_verifier does not match the code_challenge",
        )),
        (Some(_), None) => Err(OAuthError::InvalidGrant("code_verifier is required")),
        // A verifier without a challenge means PKCE was stripped on the way: refuse
        // (OAuth 2.1 4.1.3).
        (None, Some(_)) => Err(OAuthError::InvalidGrant(
            "code_verifier was sent but the authorization request had no code_challenge",
        )),
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: Id) -> OAuthAppRow {
        OAuthAppRow {
            id,
            owner_id: None,
            name: "app".into(),
            client_id: "app".into(),
            is_public: true,
            secret_hash: None,
            redirect_uris: vec!["rushes://cb".into()],
            created_at: 0,
            updated_at: 0,
        }
    }

    fn code(challenge: Option<&str>) -> CodeRow {
        CodeRow {
            app_id: 1,
            user_id: 1,
            redirect_uri: "rushes://cb".into(),
            code_challenge: challenge.map(str::to_owned),
            family_id: "f".into(),
            expires_at: 1_000,
        }
    }

    fn exchange<'a>(redirect_uri: &'a str, verifier: Option<&'a str>) -> Exchange<'a> {
        Exchange {
            code: "c",
            redirect_uri,
            code_verifier: verifier,
        }
    }

    #[test]
    fn a_code_is_bound_to_its_app_redirect_uri_lifetime_and_verifier() {
        let verifier = "v".repeat(43);
        let challenge = pkce::challenge_of(&verifier);
        let good = exchange("rushes://cb", Some(&verifier));
        assert!(check(&code(Some(&challenge)), &app(1), &good, 999).is_ok());
        assert!(check(&code(Some(&challenge)), &app(2), &good, 999).is_err());
        assert!(check(&code(Some(&challenge)), &app(1), &good, 1_000).is_err());
        let other_uri = exchange("rushes://cb/", Some(&verifier));
        assert!(check(&code(Some(&challenge)), &app(1), &other_uri, 999).is_err());
        let wrong = "w".repeat(43);
        let wrong_verifier = exchange("rushes://cb", Some(&wrong));
        assert!(check(&code(Some(&challenge)), &app(1), &wrong_verifier, 999).is_err());
    }

    #[test]
    fn a_verifier_without_a_challenge_is_refused() {
        let verifier = "v".repeat(43);
        assert!(check(
            &code(None),
            &app(1),
            &exchange("rushes://cb", Some(&verifier)),
            0
        )
        .is_err());
        assert!(check(&code(None), &app(1), &exchange("rushes://cb", None), 0).is_ok());
    }
}
