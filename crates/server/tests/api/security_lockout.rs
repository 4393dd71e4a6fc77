//! Finding 1: guesses sent all at once must not all be judged. The throttle reserves an attempt
//! before the password is checked, so a burst is answered "locked" beyond `max_failures`, and
//! the right password hidden in the burst does not sign in.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{header, StatusCode};
use rushes_server::LoginLimits;
use serde_json::json;
use tokio::task::JoinHandle;

use crate::browser::{form, Browser};
use crate::common::TestServer;
use crate::oauth_support::*;

const MAX_FAILURES: u32 = 3;
const WRONG: usize = 39;

async fn locking_server() -> TestServer {
    TestServer::start_with(|c| {
        c.login_limits = LoginLimits {
            max_failures: MAX_FAILURES,
            lockout: Duration::from_secs(60),
            failure_delay: Duration::from_millis(100),
        }
    })
    .await
}

/// What one sign-in post was answered: its status and whether it started a session.
struct Answer {
    status: StatusCode,
    session: bool,
}

fn post_login(
    http: &reqwest::Client,
    url: url::Url,
    cookie: String,
    fields: Vec<(String, String)>,
) -> JoinHandle<Answer> {
    let http = http.clone();
    tokio::spawn(async move {
        let res = http
            .post(url)
            .header(header::COOKIE, cookie)
            .form(&fields)
            .send()
            .await
            .unwrap();
        let session = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("rushes_session="));
        Answer {
            status: res.status(),
            session,
        }
    })
}

#[tokio::test]
async fn a_burst_of_sign_ins_is_judged_at_most_max_failures_times() {
    let server = locking_server().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let page = browser
        .get(&code_request(&server, DESKTOP, DEEP_LINK, &pkce()))
        .await;
    let f = form(&page.text().await.unwrap());
    let cookie = format!("rushes_csrf={}", browser.cookie("rushes_csrf").unwrap());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let fields = |password: &str| {
        vec![
            ("email".to_owned(), USER.to_owned()),
            ("password".to_owned(), password.to_owned()),
            ("csrf".to_owned(), f.csrf.clone()),
            ("request".to_owned(), f.request.clone()),
        ]
    };
    let url = server.url(&f.action);

    let mut burst: Vec<_> = (0..WRONG)
        .map(|i| {
            post_login(
                &http,
                url.clone(),
                cookie.clone(),
                fields(&format!("guess {i}")),
            )
        })
        .collect();
    // The right password comes while the wrong ones are still being judged: before the fix it
    // found the account unlocked (no failure recorded yet) and signed in.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let right = post_login(&http, url, cookie, fields(PASSWORD));
    burst.push(right);

    let mut judged = 0;
    let mut locked = 0;
    let mut sessions = 0;
    for task in burst {
        let answer = task.await.unwrap();
        match answer.status {
            StatusCode::OK | StatusCode::SEE_OTHER => judged += 1,
            StatusCode::TOO_MANY_REQUESTS => locked += 1,
            other => panic!("unexpected {other}"),
        }
        sessions += usize::from(answer.session);
    }
    assert!(judged <= MAX_FAILURES as usize, "{judged} attempts judged");
    assert_eq!(judged + locked, WRONG + 1);
    assert_eq!(sessions, 0, "the right password inside the burst signed in");
}

#[tokio::test]
async fn a_burst_of_client_credentials_is_judged_at_most_max_failures_times() {
    let server = locking_server().await;
    password_user(&server, USER).await;
    let admin = server.admin_token().await;
    let (_, client_id, secret) =
        register_app(&server, &admin, &["https://integration.example/cb"], false).await;
    let secret = secret.unwrap();
    let request = |password: String| {
        let http = server.http.clone();
        let url = server.url("oauth/token");
        let body = json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "auth_string": STANDARD.encode(format!("{USER}:{password}")),
        });
        tokio::spawn(async move {
            let res = http.post(url).json(&body).send().await.unwrap();
            res.status()
        })
    };
    let mut burst: Vec<_> = (0..20).map(|i| request(format!("guess {i}"))).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    burst.push(request(PASSWORD.to_owned()));

    let mut judged = 0;
    for task in burst {
        match task.await.unwrap() {
            StatusCode::OK => panic!("the right password inside the burst got tokens"),
            StatusCode::BAD_REQUEST => judged += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(judged <= MAX_FAILURES as usize, "{judged} attempts judged");
}
