//! Finding 9: the CSRF token is bound to the browser's session by the server's key. A cookie
//! and form field that merely agree (say, both planted by a sibling subdomain) are refused, and
//! a token of one session does not work for another.

use reqwest::{header, StatusCode};

use crate::browser::{form, location, Browser};
use crate::common::TestServer;
use crate::oauth_support::*;

#[tokio::test]
async fn an_equal_cookie_and_field_the_server_did_not_make_are_refused() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let url = code_request(&server, DESKTOP, DEEP_LINK, &pkce());
    let f = form(&Browser::new().get(&url).await.text().await.unwrap());
    let forged = "Zm9yZ2VkLWNzcmYtdG9rZW4tdGhhdC1sb29rcy1yaWdodA";
    let res = server
        .http
        .post(server.url(&f.action))
        .header(header::COOKIE, format!("rushes_csrf={forged}"))
        .form(&[
            ("email", USER),
            ("password", PASSWORD),
            ("csrf", forged),
            ("request", &f.request),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("rushes_session=")));
}

#[tokio::test]
async fn a_token_of_one_session_does_not_work_for_another() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let url = code_request(&server, DESKTOP, DEEP_LINK, &pkce());

    // Two browsers signed in; the first one's consent form...
    let first = Browser::new();
    let signed_in = sign_in(&server, &first, &url, PASSWORD).await;
    let consent = first.get(&location(&signed_in)).await.text().await.unwrap();
    let theirs = form(&consent);
    let second = Browser::new();
    let signed_in = sign_in(&server, &second, &url, PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = second.cookie("rushes_session").unwrap();

    // ...posted by the second with the first's token in both places is refused.
    let res = server
        .http
        .post(server.url(&theirs.action))
        .header(
            header::COOKIE,
            format!("rushes_session={session}; rushes_csrf={}", theirs.csrf),
        )
        .form(&[
            ("csrf", theirs.csrf.as_str()),
            ("request", &theirs.request),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_invitation_form_refuses_a_token_the_server_did_not_make() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let made = crate::people::create_user(
        &server,
        &admin,
        serde_json::json!({"email": "new@rushes.test"}),
    )
    .await;
    let link = url::Url::parse(&made.invitation_url.unwrap()).unwrap();
    let token = link
        .query_pairs()
        .find(|(k, _)| k == "token")
        .unwrap()
        .1
        .into_owned();
    let forged = "Zm9yZ2VkLWNzcmYtdG9rZW4tdGhhdC1sb29rcy1yaWdodA";
    let res = server
        .http
        .post(server.url("invite"))
        .header(header::COOKIE, format!("rushes_csrf={forged}"))
        .form(&[
            ("token", token.as_str()),
            ("csrf", forged),
            ("password", "a long new password"),
            ("password_confirmation", "a long new password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
