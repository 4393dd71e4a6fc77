//! Finding 5: a refresh token issued to a confidential app is refreshed only by that app, with
//! its secret. `/auth/refresh` (which takes no client authentication) refuses it without using
//! it up; `/oauth/token` with the app's credentials still refreshes it. Tokens from API keys and
//! public apps keep refreshing at `/auth/refresh`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::StatusCode;
use rushes_api::auth::TokenResponse;
use serde_json::json;

use crate::common::{error, TestServer};
use crate::oauth_support::*;

#[tokio::test]
async fn a_confidential_apps_refresh_token_needs_the_apps_secret() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let admin = server.admin_token().await;
    let (_, client_id, secret) =
        register_app(&server, &admin, &["https://integration.example/cb"], false).await;
    let secret = secret.unwrap();
    let res = server
        .http
        .post(server.url("oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "auth_string": STANDARD.encode(format!("{USER}:{PASSWORD}")),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pair: TokenResponse = res.json().await.unwrap();

    // Without the client: refused, and the token is not used up by the attempt.
    let res = server.auth_refresh(&pair.refresh_token).await;
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // Without the secret at the token endpoint: refused as well.
    let res = token_request(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &pair.refresh_token),
            ("client_id", &client_id),
        ],
    )
    .await;
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;

    // With the app's credentials: a new pair.
    let res = token_request(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &pair.refresh_token),
            ("client_id", &client_id),
            ("client_secret", &secret),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let next: TokenResponse = res.json().await.unwrap();
    assert_eq!(me_status(&server, &next.access_token).await, StatusCode::OK);
    let res = server.auth_refresh(&next.refresh_token).await;
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn api_key_and_public_app_tokens_still_refresh_without_a_client() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let from_key = server.exchange(&server.key_for(USER).await).await;
    let res = server.auth_refresh(&from_key.refresh_token).await;
    assert_eq!(res.status(), StatusCode::OK);

    let from_desktop = desktop_tokens(&server).await;
    let res = server.auth_refresh(&from_desktop.refresh_token).await;
    assert_eq!(res.status(), StatusCode::OK);
}
