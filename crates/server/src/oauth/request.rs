//! Checking an authorization request (`GET /oauth/authorize`, RFC 6749 4.1.1 with PKCE).
//!
//! The order matters: until the client and its redirect URI are known to be genuine, nothing may
//! redirect anywhere (an open redirector would send the browser, and maybe a code, to whoever
//! crafted the link), so those problems are shown as a page. Everything after that goes back to
//! the app as `?error=...&state=...`.

use url::Url;

use super::{pkce, redirect};
use crate::db::oauth_apps::{self, OAuthAppRow};
use crate::db::Pool;

/// Longest accepted `state`: it travels in URLs.
const MAX_STATE_BYTES: usize = 1024;

/// A request that passed every check: a code may be issued for it once the user agrees.
#[derive(Debug, Clone)]
pub struct ValidRequest {
    pub app: OAuthAppRow,
    /// The redirect URI exactly as requested (it may differ from the registered one in its
    /// loopback port); the token request must repeat it.
    pub redirect_uri: String,
    pub state: String,
    pub code_challenge: Option<String>,
}

/// An error to send back to the app through its (checked) redirect URI.
#[derive(Debug)]
pub struct Refusal {
    pub to: Url,
    pub error: &'static str,
    pub description: &'static str,
    pub state: Option<String>,
}

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The client or redirect URI cannot be trusted: show this, never redirect.
    #[error("{0}")]
    Page(&'static str),
    /// The app asked for something wrong: tell it through its redirect URI.
    #[error("{}: {}", .0.error, .0.description)]
    Redirect(Box<Refusal>),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl RequestError {
    /// Where to send the browser for a [`RequestError::Redirect`].
    pub fn redirect_url(&self) -> Option<Url> {
        let Self::Redirect(refusal) = self else {
            return None;
        };
        let mut url = refusal.to.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("error", refusal.error)
                .append_pair("error_description", refusal.description);
            if let Some(state) = &refusal.state {
                q.append_pair("state", state);
            }
        }
        Some(url)
    }
}

/// The query parameters as sent; a parameter sent twice is an error (RFC 6749 3.1).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(query: &str) -> Self {
        Self(
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// `Err` when repeated, `Ok(None)` when absent or empty.
    fn one(&self, name: &str) -> Result<Option<&str>, ()> {
        let mut found = self
            .0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        let first = found.next();
        if found.next().is_some() {
            return Err(());
        }
        Ok(first.filter(|v| !v.is_empty()))
    }
}

/// Checks the query string of an authorization request.
pub async fn check(pool: &Pool, query: &str) -> Result<ValidRequest, RequestError> {
    let params = Params::parse(query);
    let client_id = params
        .one("client_id")
        .map_err(|()| RequestError::Page("client_id is repeated"))?
        .ok_or(RequestError::Page("client_id is missing"))?;
    let app = oauth_apps::by_client_id(pool, client_id)
        .await?
        .ok_or(RequestError::Page("no app has this client_id"))?;
    let requested = params
        .one("redirect_uri")
        .map_err(|()| RequestError::Page("redirect_uri is repeated"))?
        .ok_or(RequestError::Page("redirect_uri is missing"))?;
    if redirect::find_match(&app.redirect_uris, requested).is_none() {
        return Err(RequestError::Page(
            "redirect_uri is not registered for this app",
        ));
    }
    let to =
        Url::parse(requested).map_err(|_| RequestError::Page("redirect_uri is not a valid URI"))?;

    let state = params.one("state").ok().flatten().map(str::to_owned);
    let refuse = |error, description| {
        RequestError::Redirect(Box::new(Refusal {
            to: to.clone(),
            error,
            description,
            state: state.clone(),
        }))
    };
    let invalid = |description| refuse("invalid_request", description);
    let one = |name| {
        params
            .one(name)
            .map_err(|()| invalid("a parameter is repeated"))
    };

    let Some(state) = one("state")?.map(str::to_owned) else {
        return Err(invalid("state is required"));
    };
    if state.len() > MAX_STATE_BYTES {
        return Err(invalid("state is too long (maximum is 1024 bytes)"));
    }
    match one("response_type")? {
        Some("code") => {}
        Some(_) => {
            return Err(refuse(
                "unsupported_response_type",
                "response_type must be code",
            ))
        }
        None => return Err(invalid("response_type is required")),
    }
    let code_challenge = match (one("code_challenge")?, one("code_challenge_method")?) {
        (Some(challenge), Some(pkce::S256)) if pkce::valid_challenge(challenge) => {
            Some(challenge.to_owned())
        }
        (Some(_), Some(pkce::S256)) => {
            return Err(invalid("code_challenge must be 43 base64url characters"))
        }
        (_, Some(_)) | (Some(_), None) => {
            return Err(invalid("code_challenge_method must be S256"))
        }
        (None, None) if app.is_public => {
            return Err(invalid(
                "PKCE is required: send code_challenge with code_challenge_method=S256",
            ))
        }
        (None, None) => None,
    };
    Ok(ValidRequest {
        app,
        redirect_uri: requested.to_owned(),
        state,
        code_challenge,
    })
}
