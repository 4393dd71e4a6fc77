//! `POST /oauth/token` (also at `POST /api/v4/oauth2/token`, where WebCommander's clients look
//! for it), `POST /oauth/revoke` and `GET /.well-known/oauth-authorization-server`.
//!
//! These speak OAuth, not the API's conventions: form or JSON bodies, bare token responses, and
//! RFC 6749 error objects.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::auth::refresh::{rotate, Presenter, RefreshError};
use crate::http::client_addr::ClientAddr;
use crate::http::oauth_body::OAuthBody;
use crate::http::{respond, AppState};
use crate::oauth::client_auth::ClientCredentials;
use crate::oauth::client_credentials::{self, Grant, UserCredentials};
use crate::oauth::codes::{self, Exchange};
use crate::oauth::{metadata, revoke, OAuthError};

/// The OAuth endpoints for clients.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/api/v4/oauth2/token", post(token))
        .route("/oauth/revoke", post(revoke_token))
        .route(
            "/.well-known/oauth-authorization-server",
            get(server_metadata),
        )
}

/// Parameters of a token request; which are needed depends on `grant_type`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct TokenRequest {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    /// base64(`username:password`), for `client_credentials`.
    auth_string: Option<String>,
}

async fn token(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    OAuthBody(body): OAuthBody<TokenRequest>,
) -> Result<Response, OAuthError> {
    let grant = body
        .grant_type
        .as_deref()
        .ok_or(OAuthError::InvalidRequest("grant_type is required"))?;
    let creds = ClientCredentials::read(
        &headers,
        body.client_id.as_deref(),
        body.client_secret.as_deref(),
    )?;
    let app = creds.authenticate(state.pool()).await?;
    let pair = match grant {
        "authorization_code" => {
            let exchange = Exchange {
                code: required(&body.code, "code is required")?,
                redirect_uri: required(&body.redirect_uri, "redirect_uri is required")?,
                code_verifier: body.code_verifier.as_deref(),
            };
            codes::exchange(state.pool(), state.tokens(), &app, exchange).await?
        }
        "refresh_token" => {
            let presented = required(&body.refresh_token, "refresh_token is required")?;
            rotate(
                state.pool(),
                state.tokens(),
                presented,
                Presenter::App(app.id),
            )
            .await
            .map_err(|e| match e {
                RefreshError::Invalid => OAuthError::InvalidGrant("the refresh token is not valid"),
                RefreshError::Reused => {
                    OAuthError::InvalidGrant("the refresh token was already used; sign in again")
                }
                RefreshError::Database(e) => e.into(),
            })?
        }
        "client_credentials" => {
            let auth_string = required(&body.auth_string, "auth_string is required")?;
            let user = UserCredentials::parse(auth_string)?;
            let grant = Grant {
                pool: state.pool(),
                settings: state.tokens(),
                throttle: state.throttle(),
                addr,
            };
            client_credentials::grant(&grant, &app, &user).await?
        }
        _ => return Err(OAuthError::UnsupportedGrantType),
    };
    Ok(respond::tokens(pair))
}

fn required<'a>(value: &'a Option<String>, why: &'static str) -> Result<&'a str, OAuthError> {
    value
        .as_deref()
        .filter(|v| !v.is_empty())
        .ok_or(OAuthError::InvalidRequest(why))
}

/// Parameters of a revocation request (RFC 7009 2.1).
#[derive(Default, Deserialize)]
#[serde(default)]
struct RevokeRequest {
    token: Option<String>,
    /// Accepted and not needed: the token's kind is known from the token itself.
    #[allow(dead_code)]
    token_type_hint: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// `200 OK` whether or not the token existed (RFC 7009 2.2).
async fn revoke_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    OAuthBody(body): OAuthBody<RevokeRequest>,
) -> Result<Response, OAuthError> {
    let creds = ClientCredentials::read(
        &headers,
        body.client_id.as_deref(),
        body.client_secret.as_deref(),
    )?;
    let app = creds.authenticate(state.pool()).await?;
    let token = required(&body.token, "token is required")?;
    revoke::revoke(state.pool(), &app, token).await?;
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        "",
    )
        .into_response())
}

async fn server_metadata(State(state): State<AppState>) -> Response {
    axum::Json(metadata::document(state.base_url())).into_response()
}
