//! One authorization request: a fresh PKCE pair and `state`, and the URL the browser opens.

use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl};
use url::Url;

use super::{ServerMetadata, DESKTOP_CLIENT_ID};
use crate::{ClientError, Secret};

/// What the app keeps while the person is in the browser. The verifier never leaves Rust; the
/// `state` binds the callback to this request.
pub struct AuthRequest {
    /// The URL to open in the system browser.
    pub url: Url,
    pub state: Secret,
    pub verifier: Secret,
    pub redirect_uri: String,
}

impl AuthRequest {
    /// A request to the server described by `meta` that comes back to `redirect_uri`.
    pub fn new(meta: &ServerMetadata, redirect_uri: &str) -> Result<Self, ClientError> {
        let client = oauth2::basic::BasicClient::new(ClientId::new(DESKTOP_CLIENT_ID.into()))
            .set_auth_uri(AuthUrl::from_url(meta.authorization_endpoint.clone()))
            .set_redirect_uri(
                RedirectUrl::new(redirect_uri.to_owned())
                    .map_err(|e| ClientError::Invalid(format!("redirect URI: {e}")))?,
            );
        let (challenge, verifier): (PkceCodeChallenge, PkceCodeVerifier) =
            PkceCodeChallenge::new_random_sha256();
        let (url, state) = client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge)
            .url();
        Ok(Self {
            url,
            state: Secret::new(state.secret().clone()),
            verifier: Secret::new(verifier.secret().clone()),
            redirect_uri: redirect_uri.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> ServerMetadata {
        serde_json::from_value(serde_json::json!({
            "issuer": "http://127.0.0.1:9",
            "authorization_endpoint": "http://127.0.0.1:9/oauth/authorize",
            "token_endpoint": "http://127.0.0.1:9/oauth/token",
        }))
        .unwrap()
    }

    #[test]
    fn url_carries_s256_challenge_state_and_client() {
        let req = AuthRequest::new(&meta(), "rushes://oauth/callback").unwrap();
        let q: std::collections::HashMap<_, _> = req.url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], DESKTOP_CLIENT_ID);
        assert_eq!(q["redirect_uri"], "rushes://oauth/callback");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["state"], req.state.expose());
        assert!(!req.url.as_str().contains(req.verifier.expose()));
        assert!(req.state.expose().len() >= 16);
    }

    #[test]
    fn every_request_is_fresh() {
        let a = AuthRequest::new(&meta(), "rushes://oauth/callback").unwrap();
        let b = AuthRequest::new(&meta(), "rushes://oauth/callback").unwrap();
        assert_ne!(a.state, b.state);
        assert_ne!(a.verifier, b.verifier);
    }
}
