//! WebCommander's client credentials grant: app secret plus base64(`username:password`), at
//! `/oauth/token` and `/api/v4/oauth2/token`.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{header, StatusCode};
use rushes_api::auth::TokenResponse;
use rushes_api::users::User;
use rushes_server::LoginLimits;
use serde_json::{json, Value};

use crate::common::{data, TestServer};
use crate::oauth_support::{oauth_error, password_user, register_app, PASSWORD, USER};

const REDIRECT: &str = "https://integration.example/cb";

/// A server with `USER` and a confidential app registered by the admin.
async fn setup(server: &TestServer) -> (i64, String, String) {
    password_user(server, USER).await;
    let admin = server.admin_token().await;
    let (id, client_id, secret) = register_app(server, &admin, &[REDIRECT], false).await;
    (
        id,
        client_id,
        secret.expect("a confidential app has a secret"),
    )
}

fn auth_string(user: &str, password: &str) -> String {
    STANDARD.encode(format!("{user}:{password}"))
}

/// A JSON client credentials request at `path`.
async fn request(
    server: &TestServer,
    path: &str,
    client_id: &str,
    secret: Option<&str>,
    auth: &str,
) -> reqwest::Response {
    server
        .http
        .post(server.url(path))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "auth_string": auth,
        }))
        .send()
        .await
        .unwrap()
}

async fn me(server: &TestServer, token: &str) -> reqwest::Response {
    server.get(token, "api/me").await
}

#[tokio::test]
async fn client_credentials_act_as_the_user_on_both_paths() {
    let server = TestServer::start().await;
    let (_, client_id, secret) = setup(&server).await;
    for path in ["oauth/token", "api/v4/oauth2/token"] {
        let res = request(
            &server,
            path,
            &client_id,
            Some(&secret),
            &auth_string(USER, PASSWORD),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        let body: Value = res.json().await.unwrap();
        for field in ["access_token", "token_type", "expires_in", "refresh_token"] {
            assert!(
                body.get(field).is_some(),
                "{path}: {field} missing in {body}"
            );
        }
        assert_eq!(body["token_type"], "Bearer");
        let token = body["access_token"].as_str().unwrap();
        let res = me(&server, token).await;
        assert_eq!(res.status(), StatusCode::OK);
        let user: User = data(res).await;
        assert_eq!(user.email, USER);
    }

    // The person sees the app among their authorizations.
    let own = server.token_for(USER).await;
    let listed: Value = server
        .get(&own, "api/authorizations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["data"][0]["client_id"],
        client_id.as_str(),
        "{listed}"
    );

    // A form body works too, and the refresh token rotates through the same app.
    let res = server
        .http
        .post(server.url("oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", secret.as_str()),
            ("auth_string", &auth_string(USER, PASSWORD)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pair: TokenResponse = res.json().await.unwrap();
    let res = server
        .http
        .post(server.url("oauth/token"))
        .basic_auth(&client_id, Some(&secret))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", pair.refresh_token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn deleting_the_app_ends_its_client_credentials_tokens() {
    let server = TestServer::start().await;
    let (id, client_id, secret) = setup(&server).await;
    let res = request(
        &server,
        "oauth/token",
        &client_id,
        Some(&secret),
        &auth_string(USER, PASSWORD),
    )
    .await;
    let pair: TokenResponse = res.json().await.unwrap();
    assert_eq!(
        me(&server, &pair.access_token).await.status(),
        StatusCode::OK
    );
    let admin = server.admin_token().await;
    let res = server
        .http
        .delete(server.url(&format!("api/oauth-apps/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(&server, &pair.access_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn wrong_password_or_client_secret_is_refused() {
    let server = TestServer::start().await;
    let (_, client_id, secret) = setup(&server).await;
    let res = request(
        &server,
        "oauth/token",
        &client_id,
        Some(&secret),
        &auth_string(USER, "not the password"),
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let res = request(
        &server,
        "api/v4/oauth2/token",
        &client_id,
        Some(&secret),
        &auth_string("nobody@rushes.test", PASSWORD),
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let res = request(
        &server,
        "oauth/token",
        &client_id,
        Some("rcs_wrong"),
        &auth_string(USER, PASSWORD),
    )
    .await;
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;
    let res = request(
        &server,
        "oauth/token",
        &client_id,
        None,
        &auth_string(USER, PASSWORD),
    )
    .await;
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;
}

#[tokio::test]
async fn malformed_auth_strings_are_invalid_requests() {
    let server = TestServer::start().await;
    let (_, client_id, secret) = setup(&server).await;
    for bad in [
        "%%% not base64 %%%".to_owned(),
        STANDARD.encode("no-colon-here"),
        STANDARD.encode([0xff, 0xfe, 0x3a]),
    ] {
        let res = request(&server, "oauth/token", &client_id, Some(&secret), &bad).await;
        oauth_error(res, StatusCode::BAD_REQUEST, "invalid_request").await;
    }
    let res = server
        .http
        .post(server.url("oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
        }))
        .send()
        .await
        .unwrap();
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_request").await;
}

#[tokio::test]
async fn public_apps_cannot_use_client_credentials() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let admin = server.admin_token().await;
    let (_, client_id, _) = register_app(&server, &admin, &["myapp://cb"], true).await;
    let res = request(
        &server,
        "oauth/token",
        &client_id,
        None,
        &auth_string(USER, PASSWORD),
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "unauthorized_client").await;
    // Nor the built-in desktop app.
    let res = request(
        &server,
        "oauth/token",
        "rushes-desktop",
        None,
        &auth_string(USER, PASSWORD),
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "unauthorized_client").await;
}

#[tokio::test]
async fn failed_passwords_lock_client_credentials_too() {
    let server = TestServer::start_with(|c| {
        c.login_limits = LoginLimits {
            max_failures: 3,
            lockout: Duration::from_secs(1),
            failure_delay: Duration::from_millis(10),
        }
    })
    .await;
    let (_, client_id, secret) = setup(&server).await;
    for _ in 0..3 {
        let res = request(
            &server,
            "oauth/token",
            &client_id,
            Some(&secret),
            &auth_string(USER, "guess"),
        )
        .await;
        oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
    }
    // Locked: the right password is not even checked.
    let res = request(
        &server,
        "api/v4/oauth2/token",
        &client_id,
        Some(&secret),
        &auth_string(USER, PASSWORD),
    )
    .await;
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    oauth_error(res, StatusCode::TOO_MANY_REQUESTS, "invalid_grant").await;

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let res = request(
        &server,
        "oauth/token",
        &client_id,
        Some(&secret),
        &auth_string(USER, PASSWORD),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}
