//! What the OAuth tests share: a user who signs in with a password, PKCE pairs, authorization
//! URLs, the walk through the sign-in and consent pages, and the token endpoint.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use reqwest::{Response, StatusCode};
use rushes_api::auth::TokenResponse;
use rushes_server::offline::{self, NewUser};
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

use crate::browser::{form, location, Browser};
use crate::common::TestServer;

pub const DESKTOP: &str = "rushes-desktop";
pub const DEEP_LINK: &str = "rushes://oauth/callback";
pub const USER: &str = "ada@rushes.test";
pub const PASSWORD: &str = "correct horse battery";

/// Creates `email` with `PASSWORD`.
pub async fn password_user(server: &TestServer, email: &str) {
    offline::create_user(
        server.dir.at(),
        NewUser {
            email: email.into(),
            name: None,
            password: Some(PASSWORD.into()),
            is_admin: false,
        },
    )
    .await
    .unwrap();
}

pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

pub fn pkce() -> Pkce {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let verifier = URL_SAFE_NO_PAD.encode(bytes);
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    Pkce {
        verifier,
        challenge,
    }
}

/// `/oauth/authorize` with these parameters, in this order.
pub fn authorize_url(server: &TestServer, params: &[(&str, &str)]) -> Url {
    let mut url = server.url("oauth/authorize");
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in params {
            q.append_pair(k, v);
        }
    }
    url
}

/// A well-formed request for `client_id` with S256 PKCE and `state`.
pub fn code_request(server: &TestServer, client_id: &str, redirect_uri: &str, pkce: &Pkce) -> Url {
    authorize_url(
        server,
        &[
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
            ("state", "xyz-state"),
            ("code_challenge", &pkce.challenge),
            ("code_challenge_method", "S256"),
        ],
    )
}

/// The value of query parameter `name` in `url`.
pub fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Opens `url`, expecting the sign-in page, and signs in; returns the answer to the sign-in.
pub async fn sign_in(
    server: &TestServer,
    browser: &Browser,
    url: &Url,
    password: &str,
) -> Response {
    let page = browser.get(url).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Sign in"), "{html}");
    let f = form(&html);
    browser
        .post_form(
            &server.url(&f.action),
            &[
                ("email", USER),
                ("password", password),
                ("csrf", &f.csrf),
                ("request", &f.request),
            ],
        )
        .await
}

/// Walks a fresh browser through sign-in and consent (unless given before) for `url`; returns
/// where the server finally sends it (the app's redirect URI with `code` and `state`).
pub async fn authorize(server: &TestServer, browser: &Browser, url: &Url) -> Url {
    let signed_in = sign_in(server, browser, url, PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let consent = browser.get(&location(&signed_in)).await;
    if consent.status() == StatusCode::FOUND {
        return location(&consent);
    }
    assert_eq!(consent.status(), StatusCode::OK);
    let html = consent.text().await.unwrap();
    assert!(html.contains("Allow access"), "{html}");
    let f = form(&html);
    let decided = browser
        .post_form(
            &server.url(&f.action),
            &[
                ("csrf", &f.csrf),
                ("request", &f.request),
                ("decision", "allow"),
            ],
        )
        .await;
    assert_eq!(decided.status(), StatusCode::SEE_OTHER);
    location(&decided)
}

/// A code for `USER` from the desktop app's flow on `redirect_uri`, with its PKCE pair.
pub async fn desktop_code(server: &TestServer, redirect_uri: &str) -> (String, Pkce) {
    let pkce = pkce();
    let browser = Browser::new();
    let back = authorize(
        server,
        &browser,
        &code_request(server, DESKTOP, redirect_uri, &pkce),
    )
    .await;
    assert_eq!(param(&back, "state").as_deref(), Some("xyz-state"));
    (param(&back, "code").expect("a code"), pkce)
}

/// `POST /oauth/token` with a form body.
pub async fn token_request(server: &TestServer, form: &[(&str, &str)]) -> Response {
    server
        .http
        .post(server.url("oauth/token"))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Exchanges a desktop-app code, asserting it works.
pub async fn exchange_desktop(
    server: &TestServer,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> TokenResponse {
    let res = token_request(
        server,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
            ("client_id", DESKTOP),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[reqwest::header::CACHE_CONTROL], "no-store");
    res.json().await.unwrap()
}

/// The RFC 6749 error of a failed token request, after checking its status.
pub async fn oauth_error(res: Response, status: StatusCode, error: &str) -> Value {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], error, "{body}");
    assert!(body["error_description"].is_string(), "{body}");
    body
}

/// Tokens for `USER` through the desktop app's whole flow.
pub async fn desktop_tokens(server: &TestServer) -> TokenResponse {
    let (code, pkce) = desktop_code(server, DEEP_LINK).await;
    exchange_desktop(server, &code, DEEP_LINK, &pkce.verifier).await
}

/// The status `GET /api/me` answers with this token.
pub async fn me_status(server: &TestServer, token: &str) -> StatusCode {
    server.get(token, "api/me").await.status()
}

/// The desktop app's refresh grant.
pub async fn refresh_desktop(server: &TestServer, refresh: &str) -> reqwest::Response {
    token_request(
        server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", DESKTOP),
        ],
    )
    .await
}

/// An app registered by the owner of `token`; returns `(id, client_id, client_secret)` (the
/// secret is `None` for a public app).
pub async fn register_app(
    server: &TestServer,
    token: &str,
    redirect_uris: &[&str],
    public: bool,
) -> (i64, String, Option<String>) {
    let res = server
        .post(
            token,
            "api/oauth-apps",
            serde_json::json!({ "name": "Integration", "redirect_uris": redirect_uris, "public": public }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let app: Value = crate::common::data(res).await;
    (
        app["id"].as_i64().unwrap(),
        app["client_id"].as_str().unwrap().to_owned(),
        app["client_secret"].as_str().map(str::to_owned),
    )
}
