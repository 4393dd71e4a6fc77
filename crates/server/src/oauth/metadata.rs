//! The authorization server metadata document (RFC 8414,
//! `GET /.well-known/oauth-authorization-server`), so clients configure themselves from the
//! server's address alone.

use serde_json::{json, Value};
use url::Url;

use super::pkce;

/// The metadata of the server reachable at `base` (which ends in `/`).
pub fn document(base: &Url) -> Value {
    let endpoint = |path: &str| base.join(path).map(String::from).unwrap_or_default();
    let issuer = base.as_str().trim_end_matches('/');
    let auth_methods = ["client_secret_basic", "client_secret_post", "none"];
    json!({
        "issuer": issuer,
        "authorization_endpoint": endpoint("oauth/authorize"),
        "token_endpoint": endpoint("oauth/token"),
        "revocation_endpoint": endpoint("oauth/revoke"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": [pkce::S256],
        "token_endpoint_auth_methods_supported": auth_methods,
        "revocation_endpoint_auth_methods_supported": auth_methods,
    })
}
