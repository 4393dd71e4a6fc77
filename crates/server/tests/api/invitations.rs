//! Invitations: a user created without a password gets a one-time, seven-day link to a page
//! where they choose one.

use reqwest::{header, Method, StatusCode};
use rushes_api::users::CreatedUser;
use serde_json::json;
use url::Url;

use crate::browser::Browser;
use crate::common::{data, error, TestServer};
use crate::people::{create_user, password_sign_in};

/// The value of the hidden field `name` on the invitation page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_owned()
}

async fn invite(server: &TestServer, email: &str) -> (CreatedUser, Url) {
    let admin = server.admin_token().await;
    let made = create_user(server, &admin, json!({ "email": email })).await;
    let url = Url::parse(made.invitation_url.as_deref().expect("an invitation")).unwrap();
    (made, url)
}

/// Opens the link and submits the form with `password` twice (or `confirmation`).
async fn accept(
    browser: &Browser,
    url: &Url,
    password: &str,
    confirmation: &str,
) -> reqwest::Response {
    let page = browser.get(url).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let action = url.join(&hidden_action(&html)).unwrap();
    browser
        .post_form(
            &action,
            &[
                ("csrf", &hidden(&html, "csrf")),
                ("token", &hidden(&html, "token")),
                ("password", password),
                ("password_confirmation", confirmation),
            ],
        )
        .await
}

fn hidden_action(html: &str) -> String {
    let start = html.find("action=\"").unwrap() + "action=\"".len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_owned()
}

#[tokio::test]
async fn an_invited_user_chooses_a_password_once() {
    let server = TestServer::start().await;
    let (made, url) = invite(&server, "new@rushes.test").await;
    assert!(made.user.active);
    assert_eq!(url.path(), "/invite");
    let days = (made.invitation_expires_at.unwrap() - made.user.created_at).num_days();
    assert!((6..=7).contains(&days), "{days}");
    // No password yet: nothing to sign in with.
    assert_ne!(
        password_sign_in(&server, "new@rushes.test", "my new password").await,
        StatusCode::OK
    );

    let browser = Browser::new();
    let page = browser.get(&url).await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert!(browser.set_cookies.lock().unwrap()[0].contains("Path=/invite; HttpOnly"));
    assert!(page.text().await.unwrap().contains("new@rushes.test"));

    let done = accept(&browser, &url, "my new password", "my new password").await;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(done.text().await.unwrap().contains("Password set"));
    assert_eq!(
        password_sign_in(&server, "new@rushes.test", "my new password").await,
        StatusCode::OK
    );

    // Once only.
    assert_eq!(browser.get(&url).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn mismatched_or_weak_passwords_are_refused_and_the_link_keeps_working() {
    let server = TestServer::start().await;
    let (_, url) = invite(&server, "new@rushes.test").await;
    let browser = Browser::new();
    let res = accept(&browser, &url, "my new password", "my new passw0rd").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("not the same"));
    let res = accept(&browser, &url, "short", "short").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("too short"));
    let res = accept(&browser, &url, "good password", "good password").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_form_without_the_csrf_cookie_is_refused() {
    let server = TestServer::start().await;
    let (_, url) = invite(&server, "new@rushes.test").await;
    let browser = Browser::new();
    let html = browser.get(&url).await.text().await.unwrap();
    browser.forget_cookies();
    let res = browser
        .post_form(
            &server.url("invite"),
            &[
                ("csrf", &hidden(&html, "csrf")),
                ("token", &hidden(&html, "token")),
                ("password", "my new password"),
                ("password_confirmation", "my new password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn unknown_expired_and_deactivated_invitations_do_not_work() {
    let server = TestServer::start().await;
    let browser = Browser::new();
    let bogus = server.url("invite?token=nothing-like-it");
    assert_eq!(browser.get(&bogus).await.status(), StatusCode::NOT_FOUND);

    let (_, expired) = invite(&server, "late@rushes.test").await;
    let pool = server.db().await;
    sqlx::query("UPDATE invitations SET expires_at = 0")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(browser.get(&expired).await.status(), StatusCode::NOT_FOUND);

    let (made, url) = invite(&server, "gone@rushes.test").await;
    let admin = server.admin_token().await;
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{}", made.user.id),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(browser.get(&url).await.status(), StatusCode::NOT_FOUND);
    // And no new link for a switched-off account.
    let res = server
        .post(
            &admin,
            &format!("api/users/{}/invitation", made.user.id),
            json!({}),
        )
        .await;
    error(res, StatusCode::CONFLICT, "conflict").await;
}

#[tokio::test]
async fn admins_can_send_a_new_link_when_the_old_one_expired() {
    let server = TestServer::start().await;
    let (made, _) = invite(&server, "again@rushes.test").await;
    let admin = server.admin_token().await;
    let res = server
        .post(
            &admin,
            &format!("api/users/{}/invitation", made.user.id),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let again: CreatedUser = data(res).await;
    let url = Url::parse(&again.invitation_url.unwrap()).unwrap();
    let res = accept(&Browser::new(), &url, "my new password", "my new password").await;
    assert_eq!(res.status(), StatusCode::OK);
}
