//! Who is calling the token and revocation endpoints: `client_secret_basic` (HTTP Basic),
//! `client_secret_post` (in the body), or `none` for public clients, which only name
//! themselves (RFC 6749 2.3).

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::error::OAuthError;
use rushes_api::Secret;

use crate::auth::secret_hash;
use crate::db::oauth_apps::{self, OAuthAppRow};
use crate::db::rehash::{rehash, Hashed};
use crate::db::Pool;

const UNKNOWN: &str = "the client is unknown or its credentials are wrong";

/// The credentials a request presented.
#[derive(Debug)]
pub struct ClientCredentials {
    pub client_id: String,
    secret: Option<Secret>,
    basic: bool,
}

impl ClientCredentials {
    /// Reads the credentials from `Authorization: Basic` or the body's `client_id` and
    /// `client_secret`. Using both ways at once is refused (RFC 6749 2.3).
    pub fn read(
        headers: &HeaderMap,
        body_id: Option<&str>,
        body_secret: Option<&str>,
    ) -> Result<Self, OAuthError> {
        if let Some((id, secret)) = basic(headers)? {
            if body_secret.is_some() || body_id.is_some_and(|b| b != id) {
                return Err(OAuthError::InvalidRequest(
                    "use one way to authenticate the client, not two",
                ));
            }
            return Ok(Self {
                client_id: id,
                secret: Some(Secret::new(secret)),
                basic: true,
            });
        }
        let client_id = body_id
            .filter(|id| !id.is_empty())
            .ok_or(OAuthError::InvalidRequest("client_id is required"))?;
        Ok(Self {
            client_id: client_id.to_owned(),
            secret: body_secret.map(Secret::from),
            basic: false,
        })
    }

    fn rejected(&self) -> OAuthError {
        OAuthError::InvalidClient {
            message: UNKNOWN,
            basic: self.basic,
        }
    }

    /// The app these credentials prove: public apps by their id alone, confidential apps by
    /// their secret (SHA-256, compared in constant time; see [`secret_hash`]). Client ids are
    /// public, so an unknown one is refused at once; a secret stored as argon2 by an older
    /// server is rehashed on its first successful use.
    pub async fn authenticate(&self, pool: &Pool) -> Result<OAuthAppRow, OAuthError> {
        let app = oauth_apps::by_client_id(pool, &self.client_id).await?;
        let Some(app) = app else {
            return Err(self.rejected());
        };
        let proven = match (
            app.is_public,
            app.secret_hash.as_deref(),
            self.secret.as_ref().map(Secret::expose),
        ) {
            (true, None, None) => true,
            (false, Some(stored), Some(secret)) => {
                let verdict = secret_hash::verify(secret, stored).await?;
                if let secret_hash::Verdict::MatchRehash(new) = &verdict {
                    rehash(pool, Hashed::OAuthApps, app.id, stored, new).await?;
                    tracing::info!(app = app.id, "rehashed a client secret stored as argon2");
                }
                verdict.matched()
            }
            _ => false,
        };
        if proven {
            Ok(app)
        } else {
            Err(self.rejected())
        }
    }
}

/// `Authorization: Basic base64(client_id:client_secret)`, each part form-urlencoded.
fn basic(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || OAuthError::InvalidClient {
        message: "the Authorization header is not valid HTTP Basic",
        basic: true,
    };
    let value = value.to_str().map_err(|_| malformed())?;
    let Some((scheme, encoded)) = value.split_once(' ') else {
        return Err(malformed());
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let decoded = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(malformed)?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    Ok(Some((form_decode(id), form_decode(secret))))
}

/// Undoes `application/x-www-form-urlencoded` encoding of one value.
fn form_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_auth(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn basic_credentials_are_decoded() {
        let encoded = STANDARD.encode("my%20app:s%3Acret");
        let creds =
            ClientCredentials::read(&with_auth(&format!("Basic {encoded}")), None, None).unwrap();
        assert_eq!(creds.client_id, "my app");
        assert_eq!(creds.secret.as_ref().map(Secret::expose), Some("s:cret"));
        assert!(creds.basic);
    }

    #[test]
    fn two_ways_at_once_are_refused() {
        let encoded = STANDARD.encode("app:secret");
        let h = with_auth(&format!("Basic {encoded}"));
        assert!(ClientCredentials::read(&h, None, Some("secret")).is_err());
        assert!(ClientCredentials::read(&h, Some("other"), None).is_err());
        assert!(ClientCredentials::read(&h, Some("app"), None).is_ok());
    }

    #[test]
    fn body_credentials_need_a_client_id() {
        assert!(ClientCredentials::read(&HeaderMap::new(), None, Some("s")).is_err());
        let creds = ClientCredentials::read(&HeaderMap::new(), Some("app"), None).unwrap();
        assert_eq!(creds.client_id, "app");
        assert!(creds.secret.is_none());
    }
}
