//! Bad authorization requests: which are shown as an error page (never redirected), and which go
//! back to the app as `?error=...&state=...`. Also PKCE at the token endpoint.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};
use url::Url;

use crate::browser::{location, Browser};
use crate::common::{data, TestServer};
use crate::oauth_support::*;

/// Registers a confidential app with `https://app.example/cb` for the admin; (client_id, secret).
async fn web_app(server: &TestServer) -> (String, String) {
    let token = server.admin_token().await;
    let res = server
        .post(
            &token,
            "api/oauth-apps",
            json!({ "name": "Web", "redirect_uris": ["https://app.example/cb"], "public": false }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let app: Value = data(res).await;
    (
        app["client_id"].as_str().unwrap().to_owned(),
        app["client_secret"].as_str().unwrap().to_owned(),
    )
}

/// Asserts `url` is answered with an error page and no redirect.
async fn error_page(url: &Url) {
    let res = Browser::new().get(url).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{url}");
    assert!(res.headers().get(header::LOCATION).is_none(), "{url}");
    let html = res.text().await.unwrap();
    assert!(html.contains("does not work"), "{html}");
}

/// Asserts `url` is sent back to `redirect` with `error` (and the state when given).
async fn redirected_error(url: &Url, redirect: &str, error: &str, state: Option<&str>) {
    let res = Browser::new().get(url).await;
    assert_eq!(res.status(), StatusCode::FOUND, "{url}");
    let back = location(&res);
    assert!(back.as_str().starts_with(redirect), "{back}");
    assert_eq!(param(&back, "error").as_deref(), Some(error), "{back}");
    assert_eq!(param(&back, "state").as_deref(), state, "{back}");
    assert!(param(&back, "code").is_none());
}

#[tokio::test]
async fn redirect_uri_mismatches_show_an_error_page_and_never_redirect() {
    let server = TestServer::start().await;
    let (client_id, _) = web_app(&server).await;
    let p = pkce();
    for wrong in [
        "https://app.example/other",
        "https://app.example/cb/extra",
        "https://app.example/cb?added=1",
        "https://App.example/cb",
        "https://app.example/CB",
        "https://app.example.evil.example/cb",
        "https://evil.example/cb",
        "https://app.example/cb#fragment",
    ] {
        error_page(&code_request(&server, &client_id, wrong, &p)).await;
    }
    for wrong in [
        "http://localhost/oauth/callback",
        "http://localhost:49152/oauth/callback",
        "http://127.0.0.1:49152/oauth/other",
        "http://127.0.0.1:49152/oauth/callback/x",
        "http://127.0.0.1.evil.example/oauth/callback",
        "http://127.0.0.1:80@evil.example/oauth/callback",
        "https://127.0.0.1/oauth/callback",
        "rushes://oauth/callback/x",
        "rushes://OAUTH/callback",
    ] {
        error_page(&code_request(&server, DESKTOP, wrong, &p)).await;
    }
}

#[tokio::test]
async fn unknown_or_missing_client_and_redirect_show_an_error_page() {
    let server = TestServer::start().await;
    let p = pkce();
    error_page(&code_request(&server, "no-such-app", DEEP_LINK, &p)).await;
    error_page(&authorize_url(
        &server,
        &[("response_type", "code"), ("redirect_uri", DEEP_LINK)],
    ))
    .await;
    error_page(&authorize_url(
        &server,
        &[("response_type", "code"), ("client_id", DESKTOP)],
    ))
    .await;
    error_page(&authorize_url(
        &server,
        &[
            ("client_id", DESKTOP),
            ("client_id", DESKTOP),
            ("redirect_uri", DEEP_LINK),
        ],
    ))
    .await;
}

#[tokio::test]
async fn public_client_without_pkce_is_sent_back_with_invalid_request() {
    let server = TestServer::start().await;
    let url = authorize_url(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", DESKTOP),
            ("redirect_uri", DEEP_LINK),
            ("state", "s1"),
        ],
    );
    redirected_error(&url, DEEP_LINK, "invalid_request", Some("s1")).await;
}

#[tokio::test]
async fn plain_and_malformed_pkce_are_refused() {
    let server = TestServer::start().await;
    let p = pkce();
    let base = [
        ("response_type", "code"),
        ("client_id", DESKTOP),
        ("redirect_uri", DEEP_LINK),
        ("state", "s2"),
    ];
    let verifier = p.verifier.as_str();
    let challenge = p.challenge.as_str();
    for extra in [
        vec![
            ("code_challenge", verifier),
            ("code_challenge_method", "plain"),
        ],
        // Without a method RFC 7636 means plain.
        vec![("code_challenge", challenge)],
        vec![
            ("code_challenge", "too-short"),
            ("code_challenge_method", "S256"),
        ],
        vec![("code_challenge_method", "S256")],
        vec![
            ("code_challenge", challenge),
            ("code_challenge_method", "s256"),
        ],
    ] {
        let mut params = base.to_vec();
        params.extend(extra);
        redirected_error(
            &authorize_url(&server, &params),
            DEEP_LINK,
            "invalid_request",
            Some("s2"),
        )
        .await;
    }
}

#[tokio::test]
async fn missing_state_is_refused() {
    let server = TestServer::start().await;
    let p = pkce();
    let url = authorize_url(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", DESKTOP),
            ("redirect_uri", DEEP_LINK),
            ("code_challenge", &p.challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    redirected_error(&url, DEEP_LINK, "invalid_request", None).await;
}

#[tokio::test]
async fn unsupported_response_type_is_sent_back() {
    let server = TestServer::start().await;
    let p = pkce();
    let url = authorize_url(
        &server,
        &[
            ("response_type", "token"),
            ("client_id", DESKTOP),
            ("redirect_uri", DEEP_LINK),
            ("state", "s3"),
            ("code_challenge", &p.challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    redirected_error(&url, DEEP_LINK, "unsupported_response_type", Some("s3")).await;
}

#[tokio::test]
async fn wrong_or_missing_code_verifier_is_invalid_grant() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    for verifier in [Some(pkce().verifier), None] {
        let (code, _right) = desktop_code(&server, DEEP_LINK).await;
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", DEEP_LINK),
            ("client_id", DESKTOP),
        ];
        if let Some(v) = &verifier {
            form.push(("code_verifier", v));
        }
        oauth_error(
            token_request(&server, &form).await,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        )
        .await;
    }
}

#[tokio::test]
async fn a_failed_verifier_burns_the_code() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let (code, right) = desktop_code(&server, DEEP_LINK).await;
    let wrong = pkce().verifier;
    let form = |v: &str| {
        vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.clone()),
            ("redirect_uri", DEEP_LINK.to_owned()),
            ("client_id", DESKTOP.to_owned()),
            ("code_verifier", v.to_owned()),
        ]
    };
    let res = server
        .http
        .post(server.url("oauth/token"))
        .form(&form(&wrong))
        .send()
        .await
        .unwrap();
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let res = server
        .http
        .post(server.url("oauth/token"))
        .form(&form(&right.verifier))
        .send()
        .await
        .unwrap();
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
}
