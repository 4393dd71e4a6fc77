//! The web app's session cookie on the API: accepted for safe requests from the server's own
//! pages; unsafe ones need the session's CSRF token; a request from another origin is refused;
//! a bearer token wins. The same for tus uploads and the download redirect. And the web sign-in
//! is throttled like every password sign-in, bursts included.

use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use rushes_server::LoginLimits;
use serde_json::{json, Value};
use tokio::task::JoinHandle;

use crate::browser::{hidden, location, Browser};
use crate::common::{data, error, TestServer};
use crate::oauth_support::{password_user, PASSWORD, USER};
use crate::tus_client::{bytes, sha256_hex, Place};
use crate::web_support::*;

/// The message of a 403 `forbidden`.
async fn refused(res: reqwest::Response) -> String {
    let e = error(res, StatusCode::FORBIDDEN, "forbidden").await;
    format!("{:?}", e.error)
}

#[tokio::test]
async fn the_cookie_authenticates_safe_requests() {
    let server = TestServer::start().await;
    let (browser, _) = signed_in(&server, USER).await;
    let res = browser.get(&server.url("api/me")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = data(res).await;
    assert_eq!(me["email"], USER);
    // From the app's own page, as a browser says it.
    let res = browser
        .send(
            browser
                .request(Method::GET, &server.url("api/projects"))
                .header(header::ORIGIN, own_origin(&server))
                .header("sec-fetch-site", "same-origin"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn unsafe_requests_need_the_sessions_csrf_token() {
    let server = TestServer::start().await;
    let (browser, csrf) = signed_in(&server, USER).await;
    let create = |token: Option<&str>| {
        let mut req = browser
            .request(Method::POST, &server.url("api/projects"))
            .json(&json!({ "name": "Feature" }));
        if let Some(token) = token {
            req = req.header("x-csrf-token", token);
        }
        req
    };
    for token in [None, Some(""), Some("wrong"), Some(&csrf[..csrf.len() - 1])] {
        let message = refused(browser.send(create(token)).await).await;
        assert!(message.contains("CSRF"), "{token:?}: {message}");
    }
    let res = browser.send(create(Some(&csrf))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let project: Value = data(res).await;
    let path = server.url(&format!("api/projects/{}", project["id"]));

    for method in [Method::PATCH, Method::DELETE] {
        let mut req = browser.request(method.clone(), &path);
        if method == Method::PATCH {
            req = req.json(&json!({ "name": "Renamed" }));
        }
        let message = refused(browser.send(req).await).await;
        assert!(message.contains("CSRF"), "{method}: {message}");
    }
    let res = browser
        .send(
            browser
                .request(Method::PATCH, &path)
                .header("x-csrf-token", &csrf)
                .json(&json!({ "name": "Renamed" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = browser
        .send(
            browser
                .request(Method::DELETE, &path)
                .header("x-csrf-token", &csrf),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn another_sessions_csrf_token_does_not_do() {
    let server = TestServer::start().await;
    let (browser, _) = signed_in(&server, USER).await;
    let (_, theirs) = signed_in(&server, "grace@rushes.test").await;
    let res = browser
        .send(
            browser
                .request(Method::POST, &server.url("api/projects"))
                .header("x-csrf-token", theirs)
                .json(&json!({ "name": "Feature" })),
        )
        .await;
    assert!(refused(res).await.contains("CSRF"));
}

#[tokio::test]
async fn the_cookie_from_another_origin_is_refused() {
    let server = TestServer::start().await;
    let (browser, csrf) = signed_in(&server, USER).await;
    let foreign: [&[(&str, &str)]; 5] = [
        &[("origin", "https://evil.example")],
        &[("origin", "null")],
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
        &[
            ("origin", "http://localhost:1"),
            ("sec-fetch-site", "same-origin"),
        ],
    ];
    for headers in foreign {
        for method in [Method::GET, Method::POST] {
            let mut req = browser
                .request(method.clone(), &server.url("api/projects"))
                .header("x-csrf-token", &csrf)
                .json(&json!({ "name": "Feature" }));
            for (name, value) in headers {
                req = req.header(*name, *value);
            }
            let message = refused(browser.send(req).await).await;
            assert!(
                message.contains("own pages"),
                "{method} {headers:?}: {message}"
            );
        }
    }
    // /api/session too: another site cannot read the CSRF token.
    let res = browser
        .send(
            browser
                .request(Method::GET, &server.url("api/session"))
                .header(header::ORIGIN, "https://evil.example"),
        )
        .await;
    refused(res).await;
}

#[tokio::test]
async fn a_bearer_token_wins_over_the_cookie() {
    let server = TestServer::start().await;
    let (browser, _) = signed_in(&server, USER).await;
    let admin = server.admin_token().await;
    let res = browser
        .send(
            browser
                .request(Method::GET, &server.url("api/me"))
                .bearer_auth(&admin),
        )
        .await;
    let me: Value = data(res).await;
    assert_eq!(me["email"], crate::common::ADMIN);
    // A token is not a cookie: no CSRF token needed, and a bad one is not rescued by the cookie.
    let res = browser
        .send(
            browser
                .request(Method::POST, &server.url("api/projects"))
                .bearer_auth(&admin)
                .json(&json!({ "name": "Feature" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = browser
        .send(
            browser
                .request(Method::GET, &server.url("api/me"))
                .bearer_auth("not-a-token"),
        )
        .await;
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn uploads_and_downloads_take_the_cookie() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let (browser, csrf) = signed_in(&server, USER).await;
    server.grant(place.project, USER, "editor").await;
    let content = bytes(10_000);
    let create = |csrf: Option<&str>| {
        let mut req = browser
            .request(Method::POST, &server.url("uploads"))
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", content.len().to_string())
            .header("Upload-Metadata", place.in_folder("A001.mov"))
            .header(header::CONTENT_TYPE, "application/offset+octet-stream")
            .body(content.clone());
        if let Some(csrf) = csrf {
            req = req.header("x-csrf-token", csrf);
        }
        req
    };
    assert!(refused(browser.send(create(None)).await)
        .await
        .contains("CSRF"));
    let res = browser.send(create(Some(&csrf))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["upload-offset"], "10000");
    let upload = location(&res);

    // HEAD is safe: the cookie alone will do. A PATCH needs the token.
    let res = browser
        .send(
            browser
                .request(Method::HEAD, &upload)
                .header("Tus-Resumable", "1.0.0"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = browser
        .send(
            browser
                .request(Method::PATCH, &upload)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "10000")
                .header(header::CONTENT_TYPE, "application/offset+octet-stream")
                .body(Vec::new()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let files: Vec<Value> = data(browser.get(&server.url(&place.files_path())).await).await;
    let file = files[0]["id"].as_i64().unwrap();
    assert_eq!(files[0]["sha256"], sha256_hex(&content).as_str());
    let res = browser
        .get(&server.url(&format!("{}/{file}/download", place.files_path())))
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let media = location(&res);
    assert!(media.path().starts_with("/media/"), "{media}");
    // The signed URL needs no cookie.
    let got = server.http.get(media).send().await.unwrap();
    assert_eq!(got.bytes().await.unwrap().to_vec(), content);
    // No poster yet, but the cookie got past authentication.
    let res = browser
        .get(&server.url(&format!("{}/{file}/poster", place.files_path())))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_sign_in_form_refuses_posts_from_another_site() {
    let server = TestServer::start().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let html = browser
        .get(&server.url("signin"))
        .await
        .text()
        .await
        .unwrap();
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let res = browser
            .send(
                browser
                    .request(Method::POST, &server.url("signin"))
                    .header(name, value)
                    .form(&[
                        ("email", USER),
                        ("password", PASSWORD),
                        ("csrf", &hidden(&html, "csrf")),
                        ("next", "/"),
                    ]),
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}");
        assert!(session_cookie(&res).is_none());
    }
    // A form without the page's CSRF token, from anywhere.
    let res = server
        .http
        .post(server.url("signin"))
        .form(&[("email", USER), ("password", PASSWORD), ("csrf", "x.y")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&res).is_none());
    // The browser's own post (no-referrer pages post with `Origin: null`) goes through.
    let res = browser
        .send(
            browser
                .request(Method::POST, &server.url("signin"))
                .header(header::ORIGIN, "null")
                .header("sec-fetch-site", "same-origin")
                .form(&[
                    ("email", USER),
                    ("password", PASSWORD),
                    ("csrf", &hidden(&html, "csrf")),
                    ("next", "/"),
                ]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

const MAX_FAILURES: u32 = 3;

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

#[tokio::test]
async fn sign_in_is_locked_after_the_configured_failures() {
    let server = locking_server().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    for i in 0..MAX_FAILURES {
        let res = sign_in(&server, &browser, USER, &format!("guess {i}")).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Now even the right password is not checked.
    let res = sign_in(&server, &browser, USER, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    assert!(session_cookie(&res).is_none());
    assert!(res.text().await.unwrap().contains("Sign-in is locked"));
}

#[tokio::test]
async fn forty_parallel_guesses_do_not_pass_the_lockout() {
    let server = locking_server().await;
    password_user(&server, USER).await;
    let browser = Browser::new();
    let html = browser
        .get(&server.url("signin"))
        .await
        .text()
        .await
        .unwrap();
    let cookie = format!("rushes_csrf={}", browser.cookie("rushes_csrf").unwrap());
    let csrf = hidden(&html, "csrf");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let post = |password: String| -> JoinHandle<(StatusCode, bool)> {
        let http = http.clone();
        let url = server.url("signin");
        let cookie = cookie.clone();
        let fields = [
            ("email".to_owned(), USER.to_owned()),
            ("password".to_owned(), password),
            ("csrf".to_owned(), csrf.clone()),
            ("next".to_owned(), "/".to_owned()),
        ];
        tokio::spawn(async move {
            let res = http
                .post(url)
                .header(header::COOKIE, cookie)
                .form(&fields)
                .send()
                .await
                .unwrap();
            (res.status(), session_cookie(&res).is_some())
        })
    };
    let mut burst: Vec<_> = (0..39).map(|i| post(format!("guess {i}"))).collect();
    // The right password while the wrong ones are still being judged.
    tokio::time::sleep(Duration::from_millis(300)).await;
    burst.push(post(PASSWORD.to_owned()));

    let (mut judged, mut locked, mut sessions) = (0, 0, 0);
    for task in burst {
        let (status, session) = task.await.unwrap();
        match status {
            StatusCode::OK | StatusCode::SEE_OTHER => judged += 1,
            StatusCode::TOO_MANY_REQUESTS => locked += 1,
            other => panic!("unexpected {other}"),
        }
        sessions += usize::from(session);
    }
    assert!(judged <= MAX_FAILURES as usize, "{judged} attempts judged");
    assert_eq!(judged + locked, 40);
    assert_eq!(sessions, 0, "the right password inside the burst signed in");
}
