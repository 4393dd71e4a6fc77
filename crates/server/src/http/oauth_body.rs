//! The body of the token and revocation endpoints: a form, as RFC 6749 says, or JSON, which
//! many HTTP clients find easier. Failures are OAuth errors, not the API envelope.

use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::oauth::OAuthError;

/// Parameters from an `application/x-www-form-urlencoded` or `application/json` body.
pub struct OAuthBody<T>(pub T);

impl<S, T> FromRequest<S> for OAuthBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = OAuthError;

    async fn from_request(req: Request, state: &S) -> Result<Self, OAuthError> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let unreadable = OAuthError::InvalidRequest("the parameters could not be read");
        if content_type.starts_with("application/json") {
            axum::Json::<T>::from_request(req, state)
                .await
                .map(|axum::Json(v)| Self(v))
                .map_err(|_| unreadable)
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            axum::Form::<T>::from_request(req, state)
                .await
                .map(|axum::Form(v)| Self(v))
                .map_err(|_| unreadable)
        } else {
            Err(OAuthError::InvalidRequest(
                "send the parameters as application/x-www-form-urlencoded or application/json",
            ))
        }
    }
}
