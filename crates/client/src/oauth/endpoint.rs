//! The token and revocation endpoints through the `oauth2` crate: the code exchange, refresh,
//! client credentials (with WebCommander's `auth_string`) and RFC 7009 revocation. Everything
//! secret goes in and comes out as [`Secret`].

use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, ErrorResponse, HttpClientError, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, RevocationUrl, TokenResponse, TokenUrl,
};
use url::Url;

use crate::{ClientError, Secret};

/// Used when a server leaves `expires_in` out.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

type Configured =
    BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointSet>;

/// A token pair as issued.
pub struct IssuedTokens {
    pub access: Secret,
    pub refresh: Option<Secret>,
    pub lifetime: Duration,
}

/// One OAuth client (the desktop app, or a confidential app the person named) at one server.
#[derive(Clone)]
pub struct OAuthClient {
    http: reqwest::Client,
    token_url: Url,
    revocation_url: Option<Url>,
    client_id: String,
    client_secret: Option<Secret>,
}

impl OAuthClient {
    /// A client for the endpoints of one server. `http` must not follow redirects (the
    /// `oauth2` crate's advice against SSRF); see [`oauth_http_client`].
    pub fn new(
        http: reqwest::Client,
        token_url: Url,
        revocation_url: Option<Url>,
        client_id: &str,
        client_secret: Option<Secret>,
    ) -> Self {
        Self {
            http,
            token_url,
            revocation_url,
            client_id: client_id.to_owned(),
            client_secret,
        }
    }

    /// Exchanges an authorization code, proving the request with the PKCE verifier.
    pub async fn exchange_code(
        &self,
        code: &Secret,
        verifier: &Secret,
        redirect_uri: &str,
    ) -> Result<IssuedTokens, ClientError> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned())
            .map_err(|e| ClientError::Invalid(format!("redirect URI: {e}")))?;
        let answer = self
            .client()
            .set_redirect_uri(redirect)
            .exchange_code(AuthorizationCode::new(code.expose().to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().to_owned()))
            .request_async(&self.http)
            .await;
        issued(answer.map_err(|e| token_error(e, false))?)
    }

    /// Trades a refresh token for a new pair (the server rotates it). A refused refresh token
    /// is [`ClientError::SignInRequired`].
    pub async fn refresh(&self, refresh: &Secret) -> Result<IssuedTokens, ClientError> {
        let token = RefreshToken::new(refresh.expose().to_owned());
        let answer = self
            .client()
            .exchange_refresh_token(&token)
            .request_async(&self.http)
            .await;
        issued(answer.map_err(|e| token_error(e, true))?)
    }

    /// The client credentials grant acting for a person: `auth_string` is
    /// base64(`email:password`).
    pub async fn client_credentials(
        &self,
        auth_string: &Secret,
    ) -> Result<IssuedTokens, ClientError> {
        let answer = self
            .client()
            .exchange_client_credentials()
            .add_extra_param("auth_string", auth_string.expose().to_owned())
            .request_async(&self.http)
            .await;
        issued(answer.map_err(|e| token_error(e, false))?)
    }

    /// Revokes a refresh token (and with it its family) at the server (RFC 7009). A server
    /// without a revocation endpoint is not an error: there is nothing to call.
    ///
    /// Sent with our own client rather than the `oauth2` crate's, which refuses revocation
    /// endpoints that are not `https`: self-hosted servers and the tests run on plain
    /// `http://127.0.0.1`, where the tokens must be revoked all the same.
    pub async fn revoke_refresh_token(&self, refresh: &Secret) -> Result<(), ClientError> {
        let Some(url) = &self.revocation_url else {
            tracing::info!("the server has no revocation endpoint; forgetting the tokens only");
            return Ok(());
        };
        let mut form = vec![
            ("token", refresh.expose()),
            ("token_type_hint", "refresh_token"),
            ("client_id", self.client_id.as_str()),
        ];
        if let Some(secret) = &self.client_secret {
            form.push(("client_secret", secret.expose()));
        }
        let resp = self.http.post(url.clone()).form(&form).send().await?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(ClientError::OAuth(format!(
                "the server refused to revoke the tokens ({})",
                resp.status()
            )))
        }
    }

    fn client(&self) -> Configured {
        let mut client = BasicClient::new(ClientId::new(self.client_id.clone()))
            // Both kinds of client name themselves in the body (`client_secret_post`), which
            // keeps the id and secret free of Basic's URL-encoding rules.
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(TokenUrl::from_url(self.token_url.clone()))
            .set_revocation_url_option(self.revocation_url.clone().map(RevocationUrl::from_url));
        if let Some(secret) = &self.client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.expose().to_owned()));
        }
        client
    }
}

/// The HTTP client for token requests: never follows redirects, so a server cannot bounce a
/// code or secret to another address.
pub fn oauth_http_client() -> Result<reqwest::Client, ClientError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("rushes/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(ClientError::Network)
}

fn issued(answer: impl TokenResponse) -> Result<IssuedTokens, ClientError> {
    Ok(IssuedTokens {
        access: Secret::new(answer.access_token().secret().clone()),
        refresh: answer
            .refresh_token()
            .map(|r| Secret::new(r.secret().clone())),
        lifetime: answer.expires_in().unwrap_or(DEFAULT_LIFETIME),
    })
}

/// Maps the crate's error to ours. With `refreshing`, a refused grant means the refresh token is
/// dead and the person must sign in again.
fn token_error<E: ErrorResponse + ErrorText>(
    e: RequestTokenError<HttpClientError<reqwest::Error>, E>,
    refreshing: bool,
) -> ClientError {
    match e {
        RequestTokenError::ServerResponse(resp) => {
            let message = resp.description();
            if refreshing && resp.is_invalid_grant() {
                ClientError::SignInRequired(format!(
                    "the server no longer accepts this app's sign-in ({message}); sign in again"
                ))
            } else {
                ClientError::OAuth(message)
            }
        }
        RequestTokenError::Request(HttpClientError::Reqwest(e)) => ClientError::Network(*e),
        RequestTokenError::Request(other) => ClientError::Decode(other.to_string()),
        RequestTokenError::Parse(e, _) => ClientError::Decode(e.to_string()),
        RequestTokenError::Other(m) => ClientError::Decode(m),
    }
}

/// What the two error response types of the crate have in common, for [`token_error`].
trait ErrorText {
    fn description(&self) -> String;
    fn is_invalid_grant(&self) -> bool;
}

impl ErrorText for oauth2::basic::BasicErrorResponse {
    fn description(&self) -> String {
        describe(self.error().as_ref(), self.error_description())
    }
    fn is_invalid_grant(&self) -> bool {
        *self.error() == BasicErrorResponseType::InvalidGrant
    }
}

impl ErrorText for oauth2::basic::BasicRevocationErrorResponse {
    fn description(&self) -> String {
        describe(self.error().as_ref(), self.error_description())
    }
    fn is_invalid_grant(&self) -> bool {
        false
    }
}

fn describe(code: &str, description: Option<&String>) -> String {
    match description {
        Some(d) => format!("{d} ({code})"),
        None => code.to_owned(),
    }
}
