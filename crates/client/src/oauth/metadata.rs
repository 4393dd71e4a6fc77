//! Reading a server's authorization server metadata (RFC 8414), which also proves that the URL
//! the person typed is a Rushes server (or at least an OAuth server we can talk to).

use serde::Deserialize;
use url::Url;

use crate::api::http::decode_plain;
use crate::ClientError;

/// The endpoints the app needs from `/.well-known/oauth-authorization-server`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ServerMetadata {
    pub issuer: String,
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    #[serde(default)]
    pub revocation_endpoint: Option<Url>,
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
}

/// Parses what the person typed as a server's base URL: `http` or `https`, no credentials,
/// query or fragment; ends in `/` so relative joins keep its path.
pub fn normalize_server_url(input: &str) -> Result<Url, ClientError> {
    let trimmed = input.trim();
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = Url::parse(&with_scheme)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ClientError::Invalid(
            "the server address must start with https:// or http://".into(),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(ClientError::Invalid(
            "the server address has no host".into(),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ClientError::Invalid(
            "the server address must not contain a user name or password".into(),
        ));
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Fetches the metadata of the server at `base`. Endpoints must be `http(s)` URLs: they are
/// opened in the browser or sent secrets, so nothing else is accepted from a server.
pub async fn discover(http: &reqwest::Client, base: &Url) -> Result<ServerMetadata, ClientError> {
    let url = base.join(".well-known/oauth-authorization-server")?;
    let resp = http.get(url).send().await?;
    let meta: ServerMetadata = decode_plain(resp).await.map_err(|e| match e {
        ClientError::Network(_) => e,
        other => ClientError::Invalid(format!(
            "{base} does not look like a Rushes server ({other})"
        )),
    })?;
    let mut endpoints = vec![&meta.authorization_endpoint, &meta.token_endpoint];
    endpoints.extend(meta.revocation_endpoint.as_ref());
    if endpoints
        .iter()
        .any(|u| !matches!(u.scheme(), "http" | "https"))
    {
        return Err(ClientError::Invalid(format!(
            "{base} announces endpoints that are not web addresses"
        )));
    }
    if !meta.code_challenge_methods_supported.is_empty()
        && !meta
            .code_challenge_methods_supported
            .iter()
            .any(|m| m == "S256")
    {
        return Err(ClientError::Invalid(format!(
            "{base} does not support PKCE with S256, which browser sign-in needs"
        )));
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::normalize_server_url;

    #[test]
    fn server_urls_are_normalized() {
        let cases = [
            ("media.example", "https://media.example/"),
            (" http://127.0.0.1:8420 ", "http://127.0.0.1:8420/"),
            (
                "https://x.example/rushes?a=1#f",
                "https://x.example/rushes/",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_server_url(input).unwrap().as_str(), want);
        }
    }

    #[test]
    fn other_schemes_and_credentials_are_refused() {
        for bad in [
            "file:///etc",
            "javascript:alert(1)",
            "https://u:p@x.example",
            "http://",
        ] {
            assert!(normalize_server_url(bad).is_err(), "{bad}");
        }
    }
}
