//! The authorization code flow driven like a browser, through the real sign-in and consent pages.

use std::time::Duration;

use reqwest::{header, StatusCode};
use rushes_server::LoginLimits;

use crate::browser::{form, location, Browser};
use crate::common::{TestServer, ADMIN};
use crate::oauth_support::*;

#[tokio::test]
async fn desktop_app_signs_in_through_the_browser_pages() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let pkce = pkce();
    let browser = Browser::new();
    let url = code_request(&server, DESKTOP, DEEP_LINK, &pkce);

    let page = browser.get(&url).await;
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers().clone();
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    );
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Rushes desktop app"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no outside assets"
    );

    let back = authorize(&server, &browser, &url).await;
    assert_eq!(back.scheme(), "rushes");
    assert_eq!(param(&back, "state").as_deref(), Some("xyz-state"));
    let code = param(&back, "code").unwrap();

    for cookie in browser.set_cookies.lock().unwrap().iter() {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    }
    assert!(browser.cookie("rushes_session").is_some());

    let pair = exchange_desktop(&server, &code, DEEP_LINK, &pkce.verifier).await;
    assert_eq!(pair.token_type, "Bearer");
    let me: serde_json::Value =
        crate::common::data(server.get(&pair.access_token, "api/me").await).await;
    assert_eq!(me["email"], USER);
}

#[tokio::test]
async fn consent_is_remembered_per_user_and_app() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    authorize(
        &server,
        &browser,
        &code_request(&server, DESKTOP, DEEP_LINK, &pkce()),
    )
    .await;

    // Signed in and consented: the next request goes straight back with a code.
    let again = browser
        .get(&code_request(&server, DESKTOP, DEEP_LINK, &pkce()))
        .await;
    assert_eq!(again.status(), StatusCode::FOUND);
    let back = location(&again);
    assert!(param(&back, "code").is_some());
    assert_eq!(param(&back, "state").as_deref(), Some("xyz-state"));

    // The same user in another browser signs in again but is not asked again.
    let other = Browser::new();
    let signed_in = sign_in(
        &server,
        &other,
        &code_request(&server, DESKTOP, DEEP_LINK, &pkce()),
        PASSWORD,
    )
    .await;
    let straight = other.get(&location(&signed_in)).await;
    assert_eq!(straight.status(), StatusCode::FOUND);
    assert!(param(&location(&straight), "code").is_some());
}

#[tokio::test]
async fn denying_consent_returns_access_denied_with_state() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let url = code_request(&server, DESKTOP, DEEP_LINK, &pkce());
    let signed_in = sign_in(&server, &browser, &url, PASSWORD).await;
    let html = browser
        .get(&location(&signed_in))
        .await
        .text()
        .await
        .unwrap();
    let f = form(&html);
    let res = browser
        .post_form(
            &server.url(&f.action),
            &[
                ("csrf", &f.csrf),
                ("request", &f.request),
                ("decision", "deny"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = location(&res);
    assert!(back.as_str().starts_with(DEEP_LINK));
    assert_eq!(param(&back, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&back, "state").as_deref(), Some("xyz-state"));
    assert!(param(&back, "code").is_none());
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let url = code_request(&server, DESKTOP, DEEP_LINK, &pkce());
    let f = form(&browser.get(&url).await.text().await.unwrap());
    for csrf in ["", "forged-token-forged-token-forged-token"] {
        let res = browser
            .post_form(
                &server.url(&f.action),
                &[
                    ("email", USER),
                    ("password", PASSWORD),
                    ("csrf", csrf),
                    ("request", &f.request),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    // A cross-site post carries no cookie at all (SameSite=Lax): refused as well.
    browser.forget_cookies();
    let res = browser
        .post_form(
            &server.url(&f.action),
            &[
                ("email", USER),
                ("password", PASSWORD),
                ("csrf", &f.csrf),
                ("request", &f.request),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(browser.cookie("rushes_session").is_none());
}

#[tokio::test]
async fn a_wrong_password_shows_the_page_again_without_signing_in() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let url = code_request(&server, DESKTOP, DEEP_LINK, &pkce());
    let res = sign_in(&server, &browser, &url, "wrong password").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("is wrong"));
    assert!(browser.cookie("rushes_session").is_none());
    // Accounts without a password (the admin here) cannot sign in by password at all.
    let f = form(&browser.get(&url).await.text().await.unwrap());
    let res = browser
        .post_form(
            &server.url(&f.action),
            &[
                ("email", ADMIN),
                ("password", ""),
                ("csrf", &f.csrf),
                ("request", &f.request),
            ],
        )
        .await;
    assert!(res.text().await.unwrap().contains("is wrong"));
}

#[tokio::test]
async fn repeated_failed_sign_ins_lock_the_account_for_a_while() {
    let server = TestServer::start_with(|c| {
        c.login_limits = LoginLimits {
            max_failures: 3,
            lockout: Duration::from_secs(1),
            failure_delay: Duration::from_millis(50),
        }
    })
    .await;
    password_user(&server, USER).await;
    let url = code_request(&server, DESKTOP, DEEP_LINK, &pkce());

    let mut last = Duration::ZERO;
    for _ in 0..3 {
        let started = std::time::Instant::now();
        let res = sign_in(&server, &Browser::new(), &url, "guess").await;
        assert_eq!(res.status(), StatusCode::OK);
        last = started.elapsed();
    }
    // The third failure is held for three steps of the delay.
    assert!(last >= Duration::from_millis(150), "{last:?}");

    // Locked: even the right password is refused, without being checked.
    let res = sign_in(&server, &Browser::new(), &url, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    assert!(res.text().await.unwrap().contains("locked"));

    // After the lock, the right password works.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let res = sign_in(&server, &Browser::new(), &url, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn loopback_redirect_on_any_port_is_accepted() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let redirect = "http://127.0.0.1:49152/oauth/callback";
    let (code, pkce) = desktop_code(&server, redirect).await;
    // The token request repeats the URI exactly as sent, port included.
    let res = token_request(
        &server,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:50000/oauth/callback"),
            ("code_verifier", &pkce.verifier),
            ("client_id", DESKTOP),
        ],
    )
    .await;
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;

    let (code, pkce) = desktop_code(&server, redirect).await;
    let pair = exchange_desktop(&server, &code, redirect, &pkce.verifier).await;
    assert_eq!(
        server.get(&pair.access_token, "api/me").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn app_names_are_escaped_on_the_pages() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let redirect = "evil-app://cb";
    let res = server
        .post(
            &admin,
            "api/oauth-apps",
            serde_json::json!({
                "name": "<script>alert('x')</script>",
                "redirect_uris": [redirect],
                "public": true
            }),
        )
        .await;
    let app: serde_json::Value = crate::common::data(res).await;
    let url = code_request(
        &server,
        app["client_id"].as_str().unwrap(),
        redirect,
        &pkce(),
    );
    let html = Browser::new().get(&url).await.text().await.unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{html}"
    );
}
