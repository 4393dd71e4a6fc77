//! Reading an authorization callback. It arrives from outside the app (a deep link any program
//! can send, or a request to the loopback port any local process can make), so it is untrusted:
//! bounded in size, matched against the redirect URIs the app uses, and only its `code`,
//! `state` and `error` parameters are read, each at most once.

use url::Url;

use super::{DEEP_LINK_REDIRECT, LOOPBACK_PATH};

/// Longer callbacks are refused outright (the server's are a few hundred bytes).
const MAX_CALLBACK_LEN: usize = 4096;
/// Codes and states the server makes are short URL-safe strings.
const MAX_PARAM_LEN: usize = 512;

/// The parameters of a callback that passed the checks. `state` still has to match a pending
/// request before `code` is used.
#[derive(PartialEq, Eq)]
pub struct CallbackParams {
    pub state: String,
    pub outcome: Result<String, String>,
}

impl std::fmt::Debug for CallbackParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackParams")
            .field("outcome", &self.outcome.as_ref().map(|_| "<code>"))
            .finish_non_exhaustive()
    }
}

/// Why a callback was ignored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("the callback is too long")]
    TooLong,
    #[error("the callback is not a URL")]
    NotAUrl,
    #[error("the callback is not for sign-in")]
    WrongTarget,
    #[error("the callback has a missing, repeated or malformed {0}")]
    BadParam(&'static str),
}

impl CallbackParams {
    /// Parses `raw`, which must be `rushes://oauth/callback?...` or
    /// `http://127.0.0.1:{port}/oauth/callback?...`.
    pub fn parse(raw: &str) -> Result<Self, CallbackError> {
        if raw.len() > MAX_CALLBACK_LEN {
            return Err(CallbackError::TooLong);
        }
        let url = Url::parse(raw).map_err(|_| CallbackError::NotAUrl)?;
        if !is_redirect_target(&url) {
            return Err(CallbackError::WrongTarget);
        }
        let state = single(&url, "state")?.ok_or(CallbackError::BadParam("state"))?;
        let code = single(&url, "code")?;
        let error = single(&url, "error")?;
        let outcome = match (code, error) {
            (Some(code), None) => Ok(code),
            (None, Some(error)) => Err(error),
            _ => return Err(CallbackError::BadParam("code")),
        };
        Ok(Self { state, outcome })
    }
}

fn is_redirect_target(url: &Url) -> bool {
    if url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    match url.scheme() {
        "rushes" => {
            let mut bare = url.clone();
            bare.set_query(None);
            bare.as_str() == DEEP_LINK_REDIRECT
        }
        "http" => {
            url.host_str() == Some("127.0.0.1")
                && url.port().is_some()
                && url.path() == LOOPBACK_PATH
        }
        _ => false,
    }
}

/// The one value of `name`: absent is `None`; repeated, empty, too long or with characters a
/// server's code or state never has is an error.
fn single(url: &Url, name: &'static str) -> Result<Option<String>, CallbackError> {
    let mut values = url.query_pairs().filter(|(k, _)| k == name).map(|(_, v)| v);
    let Some(first) = values.next() else {
        return Ok(None);
    };
    let ok = values.next().is_none()
        && !first.is_empty()
        && first.len() <= MAX_PARAM_LEN
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b));
    if ok {
        Ok(Some(first.into_owned()))
    } else {
        Err(CallbackError::BadParam(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_link_and_loopback_callbacks_are_read() {
        for raw in [
            "rushes://oauth/callback?code=abc-123&state=s1",
            "http://127.0.0.1:53682/oauth/callback?state=s1&code=abc-123",
        ] {
            let p = CallbackParams::parse(raw).unwrap();
            assert_eq!(p.state, "s1");
            assert_eq!(p.outcome, Ok("abc-123".into()));
        }
    }

    #[test]
    fn an_error_callback_carries_the_error() {
        let p =
            CallbackParams::parse("rushes://oauth/callback?error=access_denied&state=s").unwrap();
        assert_eq!(p.outcome, Err("access_denied".into()));
    }

    #[test]
    fn hostile_or_foreign_callbacks_are_refused() {
        let long = format!("rushes://oauth/callback?state=s&code={}", "a".repeat(5000));
        let cases: &[(&str, CallbackError)] = &[
            (&long, CallbackError::TooLong),
            ("not a url", CallbackError::NotAUrl),
            (
                "rushes://open/project?state=s&code=c",
                CallbackError::WrongTarget,
            ),
            (
                "rushes://oauth/callback/x?state=s&code=c",
                CallbackError::WrongTarget,
            ),
            (
                "http://localhost:1/oauth/callback?state=s&code=c",
                CallbackError::WrongTarget,
            ),
            (
                "http://127.0.0.1/oauth/callback?state=s&code=c",
                CallbackError::WrongTarget,
            ),
            (
                "https://127.0.0.1:5/oauth/callback?state=s&code=c",
                CallbackError::WrongTarget,
            ),
            (
                "rushes://oauth/callback?state=s&code=c#frag",
                CallbackError::WrongTarget,
            ),
            (
                "rushes://oauth/callback?code=c",
                CallbackError::BadParam("state"),
            ),
            (
                "rushes://oauth/callback?state=s&state=t&code=c",
                CallbackError::BadParam("state"),
            ),
            (
                "rushes://oauth/callback?state=s&code=c&code=d",
                CallbackError::BadParam("code"),
            ),
            (
                "rushes://oauth/callback?state=s",
                CallbackError::BadParam("code"),
            ),
            (
                "rushes://oauth/callback?state=s&code=c&error=x",
                CallbackError::BadParam("code"),
            ),
            (
                "rushes://oauth/callback?state=s&code=%3Cscript%3E",
                CallbackError::BadParam("code"),
            ),
            (
                "rushes://oauth/callback?state=&code=c",
                CallbackError::BadParam("state"),
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(
                CallbackParams::parse(raw).as_ref().err(),
                Some(want),
                "{raw}"
            );
        }
    }
}
