//! Review links against people who should not get in, or not that far: links that no longer
//! work answer like links that never did; passwords are throttled and locked, bursts included;
//! a guest reaches nothing outside the link, never a team endpoint, never with another site's
//! request; a revoked or expired link ends its guests at once.

use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use rushes_server::LoginLimits;
use serde_json::{json, Value};

use crate::browser::Browser;
use crate::common::{error, TestServer};
use crate::media::upload;
use crate::review_links::{guest, open, share, Shared};

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

/// The whole error answer, for comparing one with another.
async fn answer(res: reqwest::Response) -> (StatusCode, Value) {
    (res.status(), res.json().await.unwrap())
}

#[tokio::test]
async fn expired_revoked_and_unknown_links_answer_the_same_404() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (revoked, revoked_token) = s.link(&server, "view").await;
    let res = server
        .send(
            Method::DELETE,
            &s.place.token,
            &format!("{}/{revoked}", s.links_path()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (expired, expired_token) = s.link(&server, "view").await;
    let db = server.db().await;
    sqlx::query("UPDATE review_links SET expires_at = 1 WHERE id = $1")
        .bind(expired)
        .execute(&db)
        .await
        .unwrap();
    let unknown = "A".repeat(43);
    let browser = Browser::new();
    let mut answers = Vec::new();
    for token in [revoked_token.as_str(), &expired_token, &unknown, "", "x"] {
        answers.push(answer(open(&server, &browser, token, "Ada", None).await).await);
    }
    assert_eq!(answers[0].0, StatusCode::NOT_FOUND);
    assert_eq!(answers[0].1["code"], "not_found");
    for other in &answers[1..] {
        assert_eq!(
            other, &answers[0],
            "links that no longer work tell nothing apart"
        );
    }
    assert!(browser.cookie("rushes_guest").is_none());
}

#[tokio::test]
async fn a_guest_name_is_required_and_bounded() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (_, token) = s.link(&server, "view").await;
    let browser = Browser::new();
    for name in ["", "   ", &"n".repeat(101)] {
        let res = open(&server, &browser, &token, name, None).await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let res = open(&server, &browser, &token, &"n".repeat(100), None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn wrong_passwords_are_401_then_locked_with_429() {
    let server = locking_server().await;
    let s = Shared::new(&server).await;
    let (_, token) = share(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "folder_id": s.place.folder, "permission": "view", "password": "correct horse" }),
    )
    .await;
    let browser = Browser::new();
    // Asking without a password is not a guess.
    for _ in 0..5 {
        let res = open(&server, &browser, &token, "Ada", None).await;
        error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    for i in 0..MAX_FAILURES {
        let res = open(
            &server,
            &browser,
            &token,
            "Ada",
            Some(&format!("guess {i}")),
        )
        .await;
        error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    let res = open(&server, &browser, &token, "Ada", Some("correct horse")).await;
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(browser.cookie("rushes_guest").is_none());
}

#[tokio::test]
async fn the_right_password_opens_the_link() {
    let server = locking_server().await;
    let s = Shared::new(&server).await;
    let (_, token) = share(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "folder_id": s.place.folder, "permission": "view", "password": "correct horse" }),
    )
    .await;
    let browser = Browser::new();
    let res = open(&server, &browser, &token, "Ada", Some("correct horse")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert!(browser.cookie("rushes_guest").is_some());
}

#[tokio::test]
async fn forty_parallel_guesses_do_not_pass_the_lockout() {
    let server = locking_server().await;
    let s = Shared::new(&server).await;
    let (_, token) = share(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "folder_id": s.place.folder, "permission": "view", "password": "correct horse" }),
    )
    .await;
    let request = |password: String| {
        let http = server.http.clone();
        let url = server.url("api/guest/session");
        let body = json!({ "token": token, "name": "Mallory", "password": password });
        tokio::spawn(async move {
            let res = http.post(url).json(&body).send().await.unwrap();
            res.status()
        })
    };
    let mut burst: Vec<_> = (0..39).map(|i| request(format!("guess {i}"))).collect();
    // The right password comes while the wrong ones are still being judged.
    tokio::time::sleep(Duration::from_millis(300)).await;
    burst.push(request("correct horse".to_owned()));
    let mut judged = 0;
    let mut locked = 0;
    for task in burst {
        match task.await.unwrap() {
            StatusCode::CREATED => panic!("the right password inside the burst opened the link"),
            StatusCode::UNAUTHORIZED => judged += 1,
            StatusCode::TOO_MANY_REQUESTS => locked += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!(judged <= MAX_FAILURES as usize, "{judged} guesses judged");
    assert_eq!(judged + locked, 40);
}

#[tokio::test]
async fn a_view_only_guest_cannot_comment_or_download() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (_, token) = s.link(&server, "view").await;
    let g = guest(&server, &token, "Ada").await;
    let res = g
        .post(
            &server,
            &format!("api/guest/files/{}/comments", s.file),
            json!({ "body": "Hello" }),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let team_path = format!("{}/{}/comments", s.place.files_path(), s.file);
    let team: Value = crate::common::data(
        server
            .post(&s.place.token, &team_path, json!({ "body": "Team" }))
            .await,
    )
    .await;
    let res = g
        .post(
            &server,
            &format!(
                "api/guest/files/{}/comments/{}/comments",
                s.file, team["id"]
            ),
            json!({ "body": "Hello" }),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = g
        .get(&server, &format!("api/guest/files/{}/download", s.file))
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    // Reading and playing are what a view link is for.
    let res = g
        .get(&server, &format!("api/guest/files/{}/comments", s.file))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = g
        .get(&server, &format!("api/guest/files/{}/media", s.file))
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    // Its metadata too, read-only: the player's timecode needs the frame rate.
    let res = g
        .get(&server, &format!("api/guest/files/{}/metadata", s.file))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let metadata: Value = crate::common::data(res).await;
    assert!(metadata["technical"].is_object(), "{metadata}");
}

#[tokio::test]
async fn nothing_outside_the_link_is_reachable() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    // The link shares "Sub", below "Day 1", where the uploaded file is.
    let (_, token) = share(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "folder_id": s.sub, "permission": "download" }),
    )
    .await;
    let inside = server
        .folder(&s.place.token, s.place.project, Some(s.sub), "Deeper")
        .await;
    let sibling = server
        .folder(&s.place.token, s.place.project, None, "Day 2")
        .await;
    let other_project = server.project(&s.place.token, "Other shoot").await;
    let other_folder = server
        .folder(&s.place.token, other_project, None, "Elsewhere")
        .await;
    let other_place = crate::tus_client::Place {
        token: s.place.token.clone(),
        project: other_project,
        folder: other_folder,
    };
    let other_file = upload(&server, &other_place, "B001.mov", b"someone else's").await;
    let g = guest(&server, &token, "Ada").await;

    let res = g
        .get(&server, &format!("api/guest/folders/{inside}/files"))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "below the shared folder");
    let (status, missing) = answer(g.get(&server, "api/guest/files/987654").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let file = s.file;
    let outside = [
        format!("api/guest/files/{file}"),
        format!("api/guest/files/{file}/media"),
        format!("api/guest/files/{file}/metadata"),
        format!("api/guest/files/{file}/download"),
        format!("api/guest/files/{file}/poster"),
        format!("api/guest/files/{file}/comments"),
        format!("api/guest/files/{other_file}"),
        format!("api/guest/files/{other_file}/media"),
        format!("api/guest/folders/{}/files", s.place.folder),
        format!("api/guest/folders/{}/children", s.place.folder),
        format!("api/guest/folders/{sibling}/files"),
        format!("api/guest/folders/{other_folder}/files"),
        "api/guest/folders/987654/children".to_owned(),
    ];
    for path in outside {
        let got = answer(g.get(&server, &path).await).await;
        assert_eq!(
            got,
            (StatusCode::NOT_FOUND, missing.clone()),
            "{path} differs from a missing id"
        );
    }
    let res = g
        .post(
            &server,
            &format!("api/guest/files/{file}/comments"),
            json!({ "body": "sneaky" }),
        )
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_guest_cookie_is_not_a_user() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (_, token) = s.link(&server, "download").await;
    let g = guest(&server, &token, "Ada").await;
    let team = [
        "api/me".to_owned(),
        "api/session".to_owned(),
        "api/projects".to_owned(),
        format!("api/projects/{}", s.place.project),
        s.place.files_path(),
        format!("{}/{}/download", s.place.files_path(), s.file),
        s.links_path(),
    ];
    for path in team {
        let res = g.get(&server, &path).await;
        error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    let res = g
        .post(&server, "api/projects", json!({ "name": "Mine" }))
        .await;
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn guest_writes_need_the_csrf_token_and_the_servers_own_origin() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (_, token) = s.link(&server, "comment").await;
    let g = guest(&server, &token, "Ada").await;
    let path = server.url(&format!("api/guest/files/{}/comments", s.file));
    for csrf in [None, Some("wrong")] {
        let mut req = g
            .browser
            .request(Method::POST, &path)
            .json(&json!({ "body": "Hi" }));
        if let Some(csrf) = csrf {
            req = req.header("x-csrf-token", csrf);
        }
        let e = error(
            g.browser.send(req).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert!(format!("{:?}", e.error).contains("CSRF"), "{:?}", e.error);
    }
    let res = g
        .browser
        .send(
            g.browser
                .request(Method::GET, &path)
                .header(header::ORIGIN, "https://evil.example"),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = g
        .browser
        .send(
            g.browser
                .request(Method::GET, &path)
                .header("sec-fetch-site", "cross-site"),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn another_site_cannot_start_a_guest_session() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (_, token) = s.link(&server, "view").await;
    let browser = Browser::new();
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let res = browser
            .send(
                browser
                    .request(Method::POST, &server.url("api/guest/session"))
                    .header(name, value)
                    .json(&json!({ "token": token, "name": "Ada" })),
            )
            .await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert!(browser.cookie("rushes_guest").is_none());
}

#[tokio::test]
async fn revoking_or_expiring_a_link_ends_its_sessions_at_once() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let files = format!("api/guest/folders/{}/files", s.place.folder);

    let (revoked, token) = s.link(&server, "view").await;
    let g = guest(&server, &token, "Ada").await;
    assert_eq!(g.get(&server, &files).await.status(), StatusCode::OK);
    let res = server
        .send(
            Method::DELETE,
            &s.place.token,
            &format!("{}/{revoked}", s.links_path()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(
        g.get(&server, &files).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    let (expiring, token) = s.link(&server, "view").await;
    let g = guest(&server, &token, "Ada").await;
    assert_eq!(g.get(&server, &files).await.status(), StatusCode::OK);
    let db = server.db().await;
    sqlx::query("UPDATE review_links SET expires_at = 1 WHERE id = $1")
        .bind(expiring)
        .execute(&db)
        .await
        .unwrap();
    error(
        g.get(&server, &files).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    // A new password ends the sessions of those who had the old one.
    let (changed, token) = s.link(&server, "view").await;
    let g = guest(&server, &token, "Ada").await;
    let res = server
        .send(
            Method::PATCH,
            &s.place.token,
            &format!("{}/{changed}", s.links_path()),
            Some(json!({ "password": "a new secret" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    error(
        g.get(&server, &files).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn lowering_a_links_permission_applies_to_running_sessions() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (id, token) = s.link(&server, "download").await;
    let g = guest(&server, &token, "Ada").await;
    let download = format!("api/guest/files/{}/download", s.file);
    assert_eq!(g.get(&server, &download).await.status(), StatusCode::FOUND);
    let res = server
        .send(
            Method::PATCH,
            &s.place.token,
            &format!("{}/{id}", s.links_path()),
            Some(json!({ "permission": "view" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    error(
        g.get(&server, &download).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[cfg(feature = "web-ui")]
#[tokio::test]
async fn the_link_page_is_the_web_app_with_its_csp_and_no_referrer() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (_, token) = s.link(&server, "view").await;
    let res = server
        .http
        .get(server.url(&format!("r/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert!(h[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    // The token is in the page's URL: it must not leave in a Referer.
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    let page = res.text().await.unwrap();
    assert!(!page.contains(&token), "the page does not echo the token");
}
