//! `POST /oauth/token` (also at `POST /api/v4/oauth2/token`, where WebCommander's clients look
//! for it), `POST /oauth/revoke` and `GET /.well-known/oauth-authorization-server`.
//!
//! These speak OAuth, not the API's conventions: form or JSON bodies, bare token responses, and
//! RFC 6749 error objects.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use rushes_api::auth::TokenResponse;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::refresh::{rotate, Presenter, RefreshError};
use crate::http::client_addr::ClientAddr;
use crate::http::oauth_body::OAuthBody;
use crate::http::respond;
use crate::oauth::client_auth::ClientCredentials;
use crate::oauth::client_credentials::{self, Grant, UserCredentials};
use crate::oauth::codes::{self, Exchange};
use crate::oauth::error::OAuthErrorBody;
use crate::oauth::{metadata, revoke, OAuthError};
use crate::state::AppState;

/// The OAuth endpoints for clients.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(token))
        .routes(routes!(webcommander_token))
        .routes(routes!(revoke_token))
        .routes(routes!(server_metadata))
}

/// Parameters of a token request; which are needed depends on `grant_type`.
#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
struct TokenRequest {
    /// `authorization_code`, `refresh_token` or `client_credentials`.
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

/// The token endpoint (RFC 6749): an authorization code (with its PKCE verifier), a refresh
/// token, or the client credentials grant with `auth_string`. The client authenticates with
/// HTTP Basic or `client_id` and `client_secret` in the body; public apps send `client_id` only.
#[utoipa::path(post, path = "/oauth/token", tag = "oauth",
    request_body(content(
        (TokenRequest = "application/x-www-form-urlencoded"),
        (TokenRequest = "application/json"))),
    responses((status = 200, description = "A token pair", body = TokenResponse),
              (status = 400, description = "A bad request or grant", body = OAuthErrorBody),
              (status = 401, description = "The client failed to authenticate", body = OAuthErrorBody),
              (status = 429, description = "Too many failed sign-ins; see `Retry-After`", body = OAuthErrorBody)))]
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

/// The same token endpoint where WebCommander's clients look for it.
#[utoipa::path(post, path = "/api/v4/oauth2/token", tag = "oauth",
    request_body(content(
        (TokenRequest = "application/json"),
        (TokenRequest = "application/x-www-form-urlencoded"))),
    responses((status = 200, description = "A token pair", body = TokenResponse),
              (status = 400, description = "A bad request or grant", body = OAuthErrorBody),
              (status = 401, description = "The client failed to authenticate", body = OAuthErrorBody),
              (status = 429, description = "Too many failed sign-ins; see `Retry-After`", body = OAuthErrorBody)))]
async fn webcommander_token(
    state: State<AppState>,
    addr: ClientAddr,
    headers: HeaderMap,
    body: OAuthBody<TokenRequest>,
) -> Result<Response, OAuthError> {
    token(state, addr, headers, body).await
}

fn required<'a>(value: &'a Option<String>, why: &'static str) -> Result<&'a str, OAuthError> {
    value
        .as_deref()
        .filter(|v| !v.is_empty())
        .ok_or(OAuthError::InvalidRequest(why))
}

/// Parameters of a revocation request (RFC 7009 2.1).
#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
struct RevokeRequest {
    token: Option<String>,
    /// Accepted and not needed: the token's kind is known from the token itself.
    #[allow(dead_code)]
    token_type_hint: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// Revokes an access or refresh token (RFC 7009). `200 OK` whether or not the token existed
/// (2.2), so the answer tells nothing about it.
#[utoipa::path(post, path = "/oauth/revoke", tag = "oauth",
    request_body(content(
        (RevokeRequest = "application/x-www-form-urlencoded"),
        (RevokeRequest = "application/json"))),
    responses((status = 200, description = "Revoked, or never valid"),
              (status = 400, description = "No token", body = OAuthErrorBody),
              (status = 401, description = "The client failed to authenticate", body = OAuthErrorBody)))]
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

/// The authorization server's metadata (RFC 8414): its endpoints and what it supports.
#[utoipa::path(get, path = "/.well-known/oauth-authorization-server", tag = "oauth",
    responses((status = 200, description = "The metadata document", body = serde_json::Value)))]
async fn server_metadata(State(state): State<AppState>) -> Response {
    axum::Json(metadata::document(state.base_url())).into_response()
}
