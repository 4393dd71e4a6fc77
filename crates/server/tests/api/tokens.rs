use reqwest::{header, StatusCode};
use rushes_api::auth::TokenResponse;
use serde_json::json;

use crate::common::{error, outlive_one_second, TestServer, ADMIN};

#[tokio::test]
async fn api_key_is_exchanged_for_a_bearer_pair() {
    let server = TestServer::start().await;
    let key = server.key_for(ADMIN).await;
    assert!(key.starts_with("rk_"));
    let res = server
        .http
        .post(server.url("auth/api-key"))
        .json(&json!({ "apiKey": key }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let pair: TokenResponse = res.json().await.unwrap();
    assert_eq!(pair.token_type, "Bearer");
    assert_eq!(pair.expires_in, 3600);
    assert_ne!(pair.access_token, pair.refresh_token);
    assert_eq!(
        server.get(&pair.access_token, "api/me").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn bad_api_keys_are_401_envelopes() {
    let server = TestServer::start().await;
    let real = server.key_for(ADMIN).await;
    // Right prefix, wrong secret; well-formed but unknown; not a key at all.
    let tampered = format!(
        "{}{}",
        &real[..real.len() - 1],
        if real.ends_with('A') { 'B' } else { 'A' }
    );
    let unknown = format!("rk_{}", "A".repeat(43));
    for key in [tampered.as_str(), unknown.as_str(), "nonsense", ""] {
        let res = server
            .http
            .post(server.url("auth/api-key"))
            .json(&json!({ "apiKey": key }))
            .send()
            .await
            .unwrap();
        assert!(res.headers().contains_key(header::WWW_AUTHENTICATE));
        error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
}

#[tokio::test]
async fn refresh_rotates_the_pair() {
    let server = TestServer::start().await;
    let first = server.exchange(&server.key_for(ADMIN).await).await;

    let res = server.auth_refresh(&first.refresh_token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: TokenResponse = res.json().await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(
        server.get(&second.access_token, "api/me").await.status(),
        StatusCode::OK
    );

    // The new refresh token works in turn.
    assert_eq!(
        server.auth_refresh(&second.refresh_token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn reused_refresh_token_revokes_family() {
    let server = TestServer::start().await;
    let first = server.exchange(&server.key_for(ADMIN).await).await;
    let second: TokenResponse = server
        .auth_refresh(&first.refresh_token)
        .await
        .json()
        .await
        .unwrap();

    // Someone presents the already used token: 401, and the whole family is gone.
    error(
        server.auth_refresh(&first.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    error(
        server.auth_refresh(&second.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    error(
        server.get(&second.access_token, "api/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    error(
        server.get(&first.access_token, "api/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    // Another family (another exchange) is unaffected.
    let other = server.exchange(&server.key_for(ADMIN).await).await;
    assert_eq!(
        server.get(&other.access_token, "api/me").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn unknown_and_access_tokens_do_not_refresh() {
    let server = TestServer::start().await;
    let pair = server.exchange(&server.key_for(ADMIN).await).await;
    error(
        server.auth_refresh("not-a-token").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    error(
        server.auth_refresh(&pair.access_token).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn inactive_refresh_token_expires() {
    let server =
        TestServer::start_with(|c| c.refresh_token_ttl = std::time::Duration::from_secs(1)).await;
    let pair = server.exchange(&server.key_for(ADMIN).await).await;
    outlive_one_second().await;
    error(
        server.auth_refresh(&pair.refresh_token).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn expired_access_token_is_401_with_www_authenticate() {
    let server =
        TestServer::start_with(|c| c.access_token_ttl = std::time::Duration::from_secs(1)).await;
    let pair = server.exchange(&server.key_for(ADMIN).await).await;
    assert_eq!(pair.expires_in, 1);
    assert_eq!(
        server.get(&pair.access_token, "api/me").await.status(),
        StatusCode::OK
    );
    outlive_one_second().await;
    let res = server.get(&pair.access_token, "api/me").await;
    let challenge = res.headers()[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(challenge.starts_with("Bearer"), "{challenge}");
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // The refresh token outlives it.
    assert_eq!(
        server.auth_refresh(&pair.refresh_token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn access_token_header_is_accepted() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let res = server
        .http
        .get(server.url("api/me"))
        .header("access_token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_in_the_query_string_is_not_accepted() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let mut url = server.url("api/me");
    url.query_pairs_mut().append_pair("access_token", &token);
    let res = server.http.get(url).send().await.unwrap();
    assert!(res.headers().contains_key(header::WWW_AUTHENTICATE));
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn missing_or_garbage_tokens_are_401() {
    let server = TestServer::start().await;
    let res = server
        .http
        .get(server.url("api/projects"))
        .send()
        .await
        .unwrap();
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    error(
        server.get("garbage", "api/projects").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}
