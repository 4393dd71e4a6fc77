//! The token endpoint: the code grant (replay, client authentication), the refresh grant, its
//! errors, and the metadata document that points at it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{header, StatusCode};
use rushes_api::auth::TokenResponse;
use serde_json::{json, Value};

use crate::browser::Browser;
use crate::common::{data, TestServer};
use crate::oauth_support::*;

#[tokio::test]
async fn reused_code_fails_and_revokes_the_first_tokens() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let (code, pkce) = desktop_code(&server, DEEP_LINK).await;
    let first = exchange_desktop(&server, &code, DEEP_LINK, &pkce.verifier).await;
    assert_eq!(
        me_status(&server, &first.access_token).await,
        StatusCode::OK
    );

    let again = token_request(
        &server,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", DEEP_LINK),
            ("code_verifier", &pkce.verifier),
            ("client_id", DESKTOP),
        ],
    )
    .await;
    oauth_error(again, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert_eq!(
        me_status(&server, &first.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    oauth_error(
        refresh_desktop(&server, &first.refresh_token).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn oauth_refresh_rotates_and_is_bound_to_the_client() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let first = desktop_tokens(&server).await;

    // Another client cannot use the desktop app's refresh token, and does not spend it.
    let token = server.admin_token().await;
    let other: Value = data(
        server
            .post(
                &token,
                "api/oauth-apps",
                json!({ "name": "Other", "redirect_uris": ["rushes-other://cb"], "public": true }),
            )
            .await,
    )
    .await;
    let res = token_request(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &first.refresh_token),
            ("client_id", other["client_id"].as_str().unwrap()),
        ],
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;

    let res = refresh_desktop(&server, &first.refresh_token).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let second: TokenResponse = res.json().await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(
        me_status(&server, &second.access_token).await,
        StatusCode::OK
    );

    // Reuse of the rotated token revokes the family, as on /auth/refresh.
    oauth_error(
        refresh_desktop(&server, &first.refresh_token).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(
        me_status(&server, &second.access_token).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn token_endpoint_errors_are_rfc_6749_json() {
    let server = TestServer::start().await;
    let res = token_request(&server, &[("client_id", DESKTOP)]).await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_request").await;
    let res = token_request(
        &server,
        &[("grant_type", "password"), ("client_id", DESKTOP)],
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "unsupported_grant_type").await;
    let res = token_request(
        &server,
        &[
            ("grant_type", "authorization_code"),
            ("code", "nope"),
            ("redirect_uri", DEEP_LINK),
            ("client_id", DESKTOP),
        ],
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let res = token_request(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_id", "nobody"),
        ],
    )
    .await;
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;

    // JSON bodies are read too.
    let res = server
        .http
        .post(server.url("oauth/token"))
        .json(&json!({ "grant_type": "refresh_token", "refresh_token": "x", "client_id": DESKTOP }))
        .send()
        .await
        .unwrap();
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn confidential_app_authenticates_with_basic_or_post() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let token = server.admin_token().await;
    let redirect = "https://app.example/cb";
    let app: Value = data(
        server
            .post(
                &token,
                "api/oauth-apps",
                json!({ "name": "Web app", "redirect_uris": [redirect], "public": false }),
            )
            .await,
    )
    .await;
    let client_id = app["client_id"].as_str().unwrap().to_owned();
    let secret = app["client_secret"].as_str().unwrap().to_owned();

    // client_secret_basic, with PKCE.
    let pkce = pkce();
    let back = authorize(
        &server,
        &Browser::new(),
        &code_request(&server, &client_id, redirect, &pkce),
    )
    .await;
    let code = param(&back, "code").unwrap();
    let basic = STANDARD.encode(format!("{client_id}:{secret}"));
    let res = server
        .http
        .post(server.url("oauth/token"))
        .header(header::AUTHORIZATION, format!("Basic {basic}"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("code_verifier", &pkce.verifier),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // client_secret_post, without PKCE (allowed for confidential apps).
    let url = authorize_url(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", &client_id),
            ("redirect_uri", redirect),
            ("state", "s"),
        ],
    );
    let back = authorize(&server, &Browser::new(), &url).await;
    let code = param(&back, "code").unwrap();
    let form = |secret: &str| {
        vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.clone()),
            ("redirect_uri", redirect.to_owned()),
            ("client_id", client_id.clone()),
            ("client_secret", secret.to_owned()),
        ]
    };
    let res = server
        .http
        .post(server.url("oauth/token"))
        .form(&form("rcs_wrong"))
        .send()
        .await
        .unwrap();
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;
    let res = server
        .http
        .post(server.url("oauth/token"))
        .form(&form(&secret))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // Without its secret the app is not authenticated at all.
    let res = token_request(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_id", &client_id),
        ],
    )
    .await;
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;
}

#[tokio::test]
async fn metadata_document_lists_the_endpoints_and_s256_only() {
    let server = TestServer::start().await;
    let res = server
        .http
        .get(server.url(".well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    let base = server.handle.base_url();
    assert_eq!(doc["issuer"], base.as_str().trim_end_matches('/'));
    assert_eq!(
        doc["authorization_endpoint"],
        base.join("oauth/authorize").unwrap().as_str()
    );
    assert_eq!(
        doc["token_endpoint"],
        base.join("oauth/token").unwrap().as_str()
    );
    assert_eq!(
        doc["revocation_endpoint"],
        base.join("oauth/revoke").unwrap().as_str()
    );
    assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(doc["response_types_supported"], json!(["code"]));
}
