//! The web app's sign-in: the page, the session cookie, `GET /api/session`, signing out, and
//! everything that ends a session (idle time, absolute age, deactivation, a new password).

use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use rushes_server::WebSessionLimits;
use serde_json::{json, Value};

use crate::browser::{hidden, location, Browser};
use crate::common::{data, error, TestServer};
use crate::oauth_support::{password_user, PASSWORD, USER};
use crate::web_support::*;

#[tokio::test]
async fn the_sign_in_page_is_a_form_with_a_csrf_token() {
    let server = TestServer::start().await;
    let browser = Browser::new();
    let res = browser.get(&server.url("signin?next=/projects/1")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(h[header::CACHE_CONTROL], "no-store");
    assert!(h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let csrf_cookie = browser.set_cookies.lock().unwrap()[0].clone();
    assert!(
        csrf_cookie.starts_with("rushes_csrf=")
            && csrf_cookie.contains("; Path=/signin;")
            && csrf_cookie.contains("HttpOnly"),
        "{csrf_cookie}"
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("action=\"/signin\""), "{html}");
    assert!(html.contains("type=\"password\""), "{html}");
    assert!(!hidden(&html, "csrf").is_empty());
    assert_eq!(hidden(&html, "next"), "/projects/1");
    assert!(!html.contains("<script"), "{html}");
}

#[tokio::test]
async fn a_wrong_password_is_told_on_the_page_and_starts_nothing() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let res = sign_in(&server, &browser, USER, "not the password").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(session_cookie(&res).is_none());
    let html = res.text().await.unwrap();
    assert!(
        html.contains("The email address or the password is wrong."),
        "{html}"
    );
    assert!(
        html.contains(&format!("value=\"{USER}\"")),
        "the email is kept: {html}"
    );
    error(
        session(&server, &browser).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_goes_on_to_next() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let res = sign_in_at(
        &server,
        &browser,
        "signin?next=/projects/7?tab=files",
        USER,
        PASSWORD,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/projects/7?tab=files");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let cookie = session_cookie(&res).expect("the session cookie");
    let token = browser.cookie(COOKIE).unwrap();
    assert_eq!(
        cookie,
        format!("{COOKIE}={token}; Path=/; Max-Age=604800; HttpOnly; SameSite=Strict"),
        "not Secure over plain http"
    );
    assert!(token.len() >= 43, "256 random bits");
    assert!(!res.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .contains(&token));
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_public_url_is_https() {
    let server = TestServer::start_with(|c| {
        c.public_url = Some("https://rushes.example.test/".parse().unwrap());
    })
    .await;
    password_user(&server, USER).await;
    // The public URL names a proxy that is not there: talk to the bound address.
    let direct = |path: &str| {
        format!("http://{}/{path}", server.handle.addr())
            .parse::<url::Url>()
            .unwrap()
    };
    let browser = Browser::new();
    let html = browser.get(&direct("signin")).await.text().await.unwrap();
    let res = browser
        .post_form(
            &direct("signin"),
            &[
                ("email", USER),
                ("password", PASSWORD),
                ("csrf", &hidden(&html, "csrf")),
                ("next", &hidden(&html, "next")),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = session_cookie(&res).unwrap();
    assert!(
        cookie.ends_with("; HttpOnly; SameSite=Strict; Secure"),
        "{cookie}"
    );
    let csrf = browser
        .set_cookies
        .lock()
        .unwrap()
        .iter()
        .find(|c| c.starts_with("rushes_csrf="))
        .cloned()
        .unwrap();
    assert!(csrf.ends_with("; Secure"), "{csrf}");
}

#[tokio::test]
async fn next_never_leads_to_another_site() {
    let server = TestServer::start().await;
    for (i, next) in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
    ]
    .iter()
    .enumerate()
    {
        let email = format!("u{i}@rushes.test");
        password_user(&server, &email).await;
        let browser = Browser::new();
        let page = format!("signin?next={}", urlencode(next));
        let res = sign_in_at(&server, &browser, &page, &email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(res.headers()[header::LOCATION], "/", "{next}");
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn api_session_answers_the_user_and_the_csrf_token() {
    let server = TestServer::start().await;
    let (browser, csrf) = signed_in(&server, USER).await;
    let res = session(&server, &browser).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let body: Value = data(res).await;
    assert_eq!(body["user"]["email"], USER);
    assert_eq!(body["csrf_token"], csrf.as_str());
    assert!(csrf.len() >= 43);

    // No cookie, or a bearer token only: not a web session.
    let res = server
        .http
        .get(server.url("api/session"))
        .send()
        .await
        .unwrap();
    let e = error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert!(format!("{:?}", e.error).contains("not signed in"), "{e:?}");
    let admin = server.admin_token().await;
    error(
        server.get(&admin, "api/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn a_signed_in_browser_goes_straight_past_the_sign_in_page() {
    let server = TestServer::start().await;
    let (browser, _) = signed_in(&server, USER).await;
    let res = browser.get(&server.url("signin?next=/account")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/account");
}

#[tokio::test]
async fn signing_in_again_ends_the_session_the_browser_had() {
    let server = TestServer::start().await;
    let (browser, _) = signed_in(&server, USER).await;
    let old = browser.cookie(COOKIE).unwrap();
    // The sign-in page skips a signed-in browser: post the form as a second tab would.
    let fresh = Browser::new();
    let html = fresh.get(&server.url("signin")).await.text().await.unwrap();
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(server.url("signin"))
        .header(
            header::COOKIE,
            format!(
                "{COOKIE}={old}; rushes_csrf={}",
                fresh.cookie("rushes_csrf").unwrap()
            ),
        )
        .form(&[
            ("email", USER),
            ("password", PASSWORD),
            ("csrf", &hidden(&html, "csrf")),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let new = session_cookie(&res).unwrap();
    assert!(!new.contains(&old));
    error(
        session(&server, &browser).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn signing_out_with_the_form_ends_the_session() {
    let server = TestServer::start().await;
    let (browser, csrf) = signed_in(&server, USER).await;
    let old = browser.cookie(COOKIE).unwrap();

    // Without the session's CSRF token: refused, still signed in.
    let res = browser
        .post_form(&server.url("signout"), &[("csrf", "not-it")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(session(&server, &browser).await.status(), StatusCode::OK);

    let res = browser
        .post_form(&server.url("signout"), &[("csrf", &csrf)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/signin");
    let cleared = session_cookie(&res).unwrap();
    assert!(
        cleared.starts_with(&format!("{COOKIE}=;")) && cleared.contains("Max-Age=0"),
        "{cleared}"
    );

    // The same cookie, kept by someone: the session is over on the server.
    let res = server
        .http
        .get(server.url("api/me"))
        .header(header::COOKIE, format!("{COOKIE}={old}"))
        .send()
        .await
        .unwrap();
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn delete_api_session_signs_out() {
    let server = TestServer::start().await;
    let (browser, csrf) = signed_in(&server, USER).await;
    let old = browser.cookie(COOKIE).unwrap();
    let url = server.url("api/session");

    let res = browser.send(browser.request(Method::DELETE, &url)).await;
    let e = error(res, StatusCode::FORBIDDEN, "forbidden").await;
    assert!(format!("{:?}", e.error).contains("CSRF"), "{e:?}");

    let res = browser
        .send(
            browser
                .request(Method::DELETE, &url)
                .header("x-csrf-token", &csrf),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(session_cookie(&res).unwrap().contains("Max-Age=0"));
    let res = server
        .http
        .get(url)
        .header(header::COOKIE, format!("{COOKIE}={old}"))
        .send()
        .await
        .unwrap();
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_session_ends_after_its_idle_time() {
    let server = TestServer::start_with(|c| {
        c.web_sessions = WebSessionLimits {
            idle: Duration::from_secs(1),
            max_age: Duration::from_secs(3600),
        }
    })
    .await;
    let (browser, _) = signed_in(&server, USER).await;
    // Used within the idle time, it goes on.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(session(&server, &browser).await.status(), StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(1300)).await;
    error(
        session(&server, &browser).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_age_however_busy() {
    let server = TestServer::start_with(|c| {
        c.web_sessions = WebSessionLimits {
            idle: Duration::from_secs(3600),
            max_age: Duration::from_secs(1),
        }
    })
    .await;
    let (browser, _) = signed_in(&server, USER).await;
    tokio::time::sleep(Duration::from_millis(1300)).await;
    error(
        session(&server, &browser).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

/// The id of the browser's signed-in user.
async fn user_id(server: &TestServer, browser: &Browser) -> i64 {
    let body: Value = data(session(server, browser).await).await;
    body["user"]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_new_password_ends_the_users_web_sessions() {
    let server = TestServer::start().await;
    let (browser, _) = signed_in(&server, USER).await;
    let (other, _) = signed_in(&server, "grace@rushes.test").await;
    let id = user_id(&server, &browser).await;
    let admin = server.admin_token().await;
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{id}"),
            Some(json!({ "password": "a brand new passphrase" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    error(
        session(&server, &browser).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert_eq!(
        session(&server, &other).await.status(),
        StatusCode::OK,
        "only theirs"
    );
    // The new password works; the old one no longer does.
    let again = Browser::new();
    let res = sign_in(&server, &again, USER, "a brand new passphrase").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn deactivation_ends_the_users_web_sessions() {
    let server = TestServer::start().await;
    let (browser, _) = signed_in(&server, USER).await;
    let id = user_id(&server, &browser).await;
    let admin = server.admin_token().await;
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{id}"),
            Some(json!({ "active": false })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    error(
        session(&server, &browser).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let res = sign_in(&server, &Browser::new(), USER, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK, "cannot sign in again");
    assert!(session_cookie(&res).is_none());
}

#[tokio::test]
async fn the_sign_in_redirect_leads_to_the_app() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let res = sign_in(&server, &browser, USER, PASSWORD).await;
    assert_eq!(location(&res), server.url(""));
}
