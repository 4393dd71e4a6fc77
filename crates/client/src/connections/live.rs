//! Turning a connection's record and secrets into a signed-in API client, for each sign-in
//! method, and the first sign-in with credentials the person typed.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rushes_api::connections::SignInMethod;

use super::record::ConnectionRecord;
use super::secrets::{refresh_sink, StoredSecrets};
use crate::oauth::{IssuedTokens, OAuthClient};
use crate::secret_store::SecretStore;
use crate::{ApiClient, ClientError, Secret, TokenSource};

/// A signed-in connection: its API client and the token source behind it, which is shared
/// with everything else that talks to that server.
#[derive(Clone)]
pub struct Live {
    pub api: ApiClient,
    pub tokens: Arc<TokenSource>,
}

/// The HTTP clients a connection uses.
#[derive(Clone)]
pub struct Clients {
    /// For the API (follows redirects, e.g. to signed media URLs).
    pub api: reqwest::Client,
    /// For token requests: never follows redirects.
    pub oauth: reqwest::Client,
}

/// base64(`username:password`), WebCommander's `auth_string`.
pub fn auth_string(username: &str, password: &str) -> Secret {
    Secret::new(STANDARD.encode(format!("{username}:{password}")))
}

/// The OAuth client of a record, with its secret when it is a confidential app.
pub fn oauth_client(
    clients: &Clients,
    rec: &ConnectionRecord,
    secrets: &StoredSecrets,
) -> Option<OAuthClient> {
    Some(OAuthClient::new(
        clients.oauth.clone(),
        rec.token_endpoint.clone(),
        rec.revocation_endpoint.clone(),
        rec.client_id.as_deref()?,
        secrets.client_secret.clone().map(Secret::new),
    ))
}

/// A live connection from what was stored, or `None` when the secrets needed are missing (the
/// person signed out). Nothing is sent to the server until the first request.
pub fn restore(
    clients: &Clients,
    store: &Arc<dyn SecretStore>,
    rec: &ConnectionRecord,
    secrets: StoredSecrets,
    issued: Option<IssuedTokens>,
) -> Option<Live> {
    let tokens = match rec.method {
        SignInMethod::ApiKey => {
            let key = Secret::new(secrets.api_key.clone()?);
            TokenSource::from_api_key(clients.api.clone(), rec.url.clone(), key)
        }
        SignInMethod::Browser | SignInMethod::ClientCredentials => {
            let client = oauth_client(clients, rec, &secrets)?;
            let auth = secrets.auth_string.clone().map(Secret::new);
            if auth.is_none() && secrets.refresh_token.is_none() {
                return None;
            }
            let mut source =
                TokenSource::from_oauth(clients.api.clone(), rec.url.clone(), client, auth);
            if let Some(refresh) = &secrets.refresh_token {
                source = source.with_refresh_token(Secret::new(refresh.clone()));
            }
            source.with_refresh_sink(refresh_sink(Arc::clone(store), &rec.id, secrets))
        }
    };
    let tokens = match issued {
        Some(issued) => tokens.with_issued(issued),
        None => tokens,
    };
    let tokens = Arc::new(tokens);
    Some(Live {
        api: ApiClient::new(clients.api.clone(), rec.url.clone(), Arc::clone(&tokens)),
        tokens,
    })
}

/// Checks credentials the person typed by getting a first token with them.
pub async fn first_tokens(
    clients: &Clients,
    rec: &ConnectionRecord,
    secrets: &StoredSecrets,
) -> Result<Option<IssuedTokens>, ClientError> {
    match rec.method {
        // The API-key exchange happens on the first request; `me` right after proves the key.
        SignInMethod::ApiKey => Ok(None),
        SignInMethod::ClientCredentials => {
            let client = oauth_client(clients, rec, secrets)
                .ok_or_else(|| ClientError::Invalid("a client id is needed".into()))?;
            let auth = secrets
                .auth_string
                .clone()
                .map(Secret::new)
                .ok_or_else(|| {
                    ClientError::Invalid("a user name and password are needed".into())
                })?;
            Ok(Some(client.client_credentials(&auth).await?))
        }
        SignInMethod::Browser => Err(ClientError::Invalid(
            "browser sign-in goes through the browser".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::auth_string;

    #[test]
    fn auth_string_is_base64_of_user_colon_password() {
        assert_eq!(
            auth_string("ada@example.org", "pa:ss").expose(),
            "YWRhQGV4YW1wbGUub3JnOnBhOnNz"
        );
    }
}
