//! What the web app's session tests share: signing in on `/signin` the way a browser does, the
//! session cookie of an answer, and the session's CSRF token from `GET /api/session`.

use reqwest::{header, Response, StatusCode};
use serde_json::Value;
use url::Url;

use crate::browser::{hidden, Browser};
use crate::common::{data, TestServer};
use crate::oauth_support::{password_user, PASSWORD};

/// The session cookie's name.
pub const COOKIE: &str = "rushes_web";

/// Opens the sign-in page at `page` (`signin`, `signin?next=...`) and posts `email` and
/// `password` with the page's hidden fields; returns the answer to the post.
pub async fn sign_in_at(
    server: &TestServer,
    browser: &Browser,
    page: &str,
    email: &str,
    password: &str,
) -> Response {
    let res = browser.get(&server.url(page)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    browser
        .post_form(
            &server.url("signin"),
            &[
                ("email", email),
                ("password", password),
                ("csrf", &hidden(&html, "csrf")),
                ("next", &hidden(&html, "next")),
            ],
        )
        .await
}

/// Signs in on the plain sign-in page.
pub async fn sign_in(
    server: &TestServer,
    browser: &Browser,
    email: &str,
    password: &str,
) -> Response {
    sign_in_at(server, browser, "signin", email, password).await
}

/// The whole `Set-Cookie` of the session cookie in `res`, if it sets one.
pub fn session_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with(&format!("{COOKIE}=")))
}

/// `GET /api/session` with the browser's cookies.
pub async fn session(server: &TestServer, browser: &Browser) -> Response {
    browser.get(&server.url("api/session")).await
}

/// The CSRF token of the browser's session.
pub async fn csrf_token(server: &TestServer, browser: &Browser) -> String {
    let res = session(server, browser).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = data(res).await;
    body["csrf_token"].as_str().unwrap().to_owned()
}

/// A new user `email` with the test password, signed in to the web app in a fresh browser;
/// with the session's CSRF token.
pub async fn signed_in(server: &TestServer, email: &str) -> (Browser, String) {
    password_user(server, email).await;
    let browser = Browser::new();
    let res = sign_in(server, &browser, email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let csrf = csrf_token(server, &browser).await;
    (browser, csrf)
}

/// The server's own origin, as a browser sends it in `Origin`.
pub fn own_origin(server: &TestServer) -> String {
    let url: Url = server.url("");
    url.origin().ascii_serialization()
}
