//! What ends tokens: revocation (RFC 7009), deleting the app, withdrawing the authorization.

use reqwest::StatusCode;
use rushes_api::auth::TokenResponse;
use serde_json::{json, Value};

use crate::browser::Browser;
use crate::common::{data, error, TestServer};
use crate::oauth_support::*;

#[tokio::test]
async fn revocation_ends_a_refresh_token_and_its_family() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let pair = desktop_tokens(&server).await;
    let revoke = |token: String| {
        let server = &server;
        async move {
            server
                .http
                .post(server.url("oauth/revoke"))
                .form(&[
                    ("token", token.as_str()),
                    ("token_type_hint", "refresh_token"),
                    ("client_id", DESKTOP),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        revoke(pair.refresh_token.clone()).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        me_status(&server, &pair.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    oauth_error(
        refresh_desktop(&server, &pair.refresh_token).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    // Unknown tokens are answered the same way (RFC 7009 2.2).
    assert_eq!(revoke("not-a-token".into()).await.status(), StatusCode::OK);

    // An access token alone can be revoked too.
    let other = desktop_tokens(&server).await;
    assert_eq!(
        revoke(other.access_token.clone()).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        me_status(&server, &other.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh_desktop(&server, &other.refresh_token)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn deleting_an_app_kills_its_tokens() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let admin = server.admin_token().await;
    let redirect = "rushes-test://cb";
    let app: Value = data(
        server
            .post(
                &admin,
                "api/oauth-apps",
                json!({ "name": "Doomed", "redirect_uris": [redirect], "public": true }),
            )
            .await,
    )
    .await;
    let client_id = app["client_id"].as_str().unwrap();
    let pkce = pkce();
    let back = authorize(
        &server,
        &Browser::new(),
        &code_request(&server, client_id, redirect, &pkce),
    )
    .await;
    let res = token_request(
        &server,
        &[
            ("grant_type", "authorization_code"),
            ("code", &param(&back, "code").unwrap()),
            ("redirect_uri", redirect),
            ("code_verifier", &pkce.verifier),
            ("client_id", client_id),
        ],
    )
    .await;
    let pair: TokenResponse = res.json().await.unwrap();
    assert_eq!(me_status(&server, &pair.access_token).await, StatusCode::OK);
    // Another app's tokens are not touched.
    let desktop = desktop_tokens(&server).await;

    let res = server
        .http
        .delete(server.url(&format!("api/oauth-apps/{}", app["id"])))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_status(&server, &pair.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    let res = token_request(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &pair.refresh_token),
            ("client_id", client_id),
        ],
    )
    .await;
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;
    assert_eq!(
        me_status(&server, &desktop.access_token).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn withdrawing_an_authorization_revokes_its_tokens() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let pair = desktop_tokens(&server).await;

    let res = server.get(&pair.access_token, "api/authorizations").await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Vec<Value> = data(res).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["client_id"], DESKTOP);
    assert_eq!(list[0]["app_name"], "Rushes desktop app");

    // Someone else cannot withdraw it.
    let stranger = server.user_token("stranger@rushes.test").await;
    let path = format!("api/authorizations/{}", list[0]["id"]);
    let res = server
        .http
        .delete(server.url(&path))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    error(res, StatusCode::NOT_FOUND, "not_found").await;

    let res = server
        .http
        .delete(server.url(&path))
        .bearer_auth(&pair.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_status(&server, &pair.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    oauth_error(
        refresh_desktop(&server, &pair.refresh_token).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;

    // The consent is gone too: the next sign-in asks again.
    let fresh = desktop_tokens(&server).await;
    let list: Vec<Value> = data(server.get(&fresh.access_token, "api/authorizations").await).await;
    assert_eq!(list.len(), 1);
}
