//! Review links: the team makes, lists, changes and revokes them (editors of what they share);
//! a guest opens one with a name (and its password), browses and plays what it shares,
//! comments when it allows, downloads when it allows; the team sees guests' comments by the
//! guests' names.

use reqwest::{header, Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::browser::Browser;
use crate::common::{data, error, TestServer};
use crate::media::upload;
use crate::tus_client::Place;

/// The guest cookie's name.
pub const GUEST_COOKIE: &str = "rushes_guest";

/// `POST /api/projects/{project}/review-links` with `body`.
pub async fn make(server: &TestServer, token: &str, project: i64, body: Value) -> Response {
    server
        .post(token, &format!("api/projects/{project}/review-links"), body)
        .await
}

/// A new link; its id and the guest token from its URL.
pub async fn share(server: &TestServer, token: &str, project: i64, body: Value) -> (i64, String) {
    let res = make(server, token, project, body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = data(res).await;
    let url = made["url"].as_str().unwrap();
    let prefix = server.url("r/").to_string();
    assert!(url.starts_with(&prefix), "{url}");
    let guest_token = url[prefix.len()..].to_owned();
    (made["link"]["id"].as_i64().unwrap(), guest_token)
}

/// A guest in a browser of their own.
pub struct Guest {
    pub browser: Browser,
    pub csrf: String,
}

/// `POST /api/guest/session` from `browser`.
pub async fn open(
    server: &TestServer,
    browser: &Browser,
    token: &str,
    name: &str,
    password: Option<&str>,
) -> Response {
    let mut body = json!({ "token": token, "name": name });
    if let Some(password) = password {
        body["password"] = json!(password);
    }
    browser
        .send(
            browser
                .request(Method::POST, &server.url("api/guest/session"))
                .json(&body),
        )
        .await
}

/// A guest called `name` who opened link `token` (without a password).
pub async fn guest(server: &TestServer, token: &str, name: &str) -> Guest {
    let browser = Browser::new();
    let res = open(server, &browser, token, name, None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let session: Value = data(res).await;
    let csrf = session["csrf_token"].as_str().unwrap().to_owned();
    Guest { browser, csrf }
}

impl Guest {
    pub async fn get(&self, server: &TestServer, path: &str) -> Response {
        self.browser.get(&server.url(path)).await
    }

    /// A POST with the session's CSRF token.
    pub async fn post(&self, server: &TestServer, path: &str, body: Value) -> Response {
        self.browser
            .send(
                self.browser
                    .request(Method::POST, &server.url(path))
                    .header("x-csrf-token", &self.csrf)
                    .json(&body),
            )
            .await
    }
}

/// A project "Shoot" with folder "Day 1" (the admin's), a folder "Sub" inside it and an
/// uploaded file in "Day 1".
pub struct Shared {
    pub place: Place,
    pub sub: i64,
    pub file: i64,
    pub content: Vec<u8>,
}

impl Shared {
    pub async fn new(server: &TestServer) -> Self {
        let place = Place::new(server).await;
        let sub = server
            .folder(&place.token, place.project, Some(place.folder), "Sub")
            .await;
        let content = b"frames of a take".to_vec();
        let file = upload(server, &place, "A001.mov", &content).await;
        // A guest's player waits for the probe (it decides between original and proxy).
        let limit = std::time::Duration::from_secs(30);
        crate::media_jobs::until(server, &place, file, limit, crate::media_jobs::settled).await;
        Self {
            place,
            sub,
            file,
            content,
        }
    }

    /// A link to "Day 1" with `permission`; its id and token.
    pub async fn link(&self, server: &TestServer, permission: &str) -> (i64, String) {
        share(
            server,
            &self.place.token,
            self.place.project,
            json!({ "folder_id": self.place.folder, "permission": permission, "label": "Client" }),
        )
        .await
    }

    pub fn links_path(&self) -> String {
        format!("api/projects/{}/review-links", self.place.project)
    }
}

#[tokio::test]
async fn an_editor_makes_lists_changes_and_revokes_a_link() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let res = make(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "folder_id": s.place.folder, "permission": "comment", "label": " Client ",
                "password": "correct horse", "expires_at": "2999-01-01T00:00:00Z" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = data(res).await;
    let url = made["url"].as_str().unwrap();
    let token = url.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 43, "256 bits in base64url: {url}");
    let link = &made["link"];
    assert_eq!(link["kind"], "folder");
    assert_eq!(link["permission"], "comment");
    assert_eq!(link["label"], "Client");
    assert_eq!(link["has_password"], true);
    assert_eq!(link["expires_at"], "2999-01-01T00:00:00Z");
    assert!(link["created_by"].is_i64());
    assert!(link["revoked_at"].is_null());
    let id = link["id"].as_i64().unwrap();

    let res = server.get(&s.place.token, &s.links_path()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["total"], "1");
    let text = res.text().await.unwrap();
    assert!(!text.contains(token), "the list shows the token");
    assert!(!text.contains("password_hash") && !text.contains("argon2"));

    let path = format!("{}/{id}", s.links_path());
    let res = server
        .send(
            Method::PATCH,
            &s.place.token,
            &path,
            Some(
                json!({ "label": "Agency", "permission": "download", "password": null,
                         "expires_at": null }),
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let changed: Value = data(res).await;
    assert_eq!(changed["label"], "Agency");
    assert_eq!(changed["permission"], "download");
    assert_eq!(changed["has_password"], false);
    assert!(changed["expires_at"].is_null());

    let res = server
        .send(Method::DELETE, &s.place.token, &path, None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let listed: Vec<Value> = data(server.get(&s.place.token, &s.links_path()).await).await;
    assert_eq!(listed.len(), 1, "a revoked link stays listed");
    assert!(listed[0]["revoked_at"].is_string());
    assert_eq!(listed[0]["revoked_by"], listed[0]["created_by"]);
    let res = server
        .send(
            Method::PATCH,
            &s.place.token,
            &path,
            Some(json!({ "label": "Again" })),
        )
        .await;
    error(res, StatusCode::CONFLICT, "conflict").await;
    // Revoking again changes nothing.
    let res = server
        .send(Method::DELETE, &s.place.token, &path, None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn only_editors_of_what_is_shared_may_share_it() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let other = server
        .folder(&s.place.token, s.place.project, None, "Day 2")
        .await;
    let commenter = server.user_token("commenter@rushes.test").await;
    server
        .grant(s.place.project, "commenter@rushes.test", "commenter")
        .await;
    let body = json!({ "folder_id": s.place.folder, "permission": "view" });
    let res = make(&server, &commenter, s.place.project, body.clone()).await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = server.get(&commenter, &s.links_path()).await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;

    let stranger = server.user_token("stranger@rushes.test").await;
    let res = make(&server, &stranger, s.place.project, body.clone()).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = server.get(&stranger, &s.links_path()).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;

    // An editor of "Day 1" only shares in "Day 1" and lists only its links.
    let editor = server.user_token("editor@rushes.test").await;
    server
        .grant_folder(s.place.folder, "editor@rushes.test", "editor")
        .await;
    let (theirs, _) = share(
        &server,
        &editor,
        s.place.project,
        json!({ "file_id": s.file, "permission": "comment" }),
    )
    .await;
    let (elsewhere, _) = share(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "folder_id": other, "permission": "view" }),
    )
    .await;
    let res = make(
        &server,
        &editor,
        s.place.project,
        json!({ "folder_id": other, "permission": "view" }),
    )
    .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let listed: Vec<Value> = data(server.get(&editor, &s.links_path()).await).await;
    let ids: Vec<i64> = listed.iter().map(|l| l["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [theirs]);
    let res = server
        .send(
            Method::DELETE,
            &editor,
            &format!("{}/{elsewhere}", s.links_path()),
            None,
        )
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let all: Vec<Value> = data(server.get(&s.place.token, &s.links_path()).await).await;
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn a_link_is_checked_before_it_is_made() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let bad = [
        json!({ "folder_id": s.place.folder, "file_id": s.file, "permission": "view" }),
        json!({ "permission": "view" }),
        json!({ "folder_id": s.place.folder, "permission": "view",
                "expires_at": "2001-01-01T00:00:00Z" }),
        json!({ "folder_id": s.place.folder, "permission": "view", "password": "short" }),
        json!({ "folder_id": s.place.folder, "permission": "view", "label": "a\u{0}b" }),
    ];
    for body in bad {
        let res = make(&server, &s.place.token, s.place.project, body.clone()).await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let res = make(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "folder_id": s.place.folder, "permission": "edit" }),
    )
    .await;
    assert!(res.status().is_client_error());
    let elsewhere = server.project(&s.place.token, "Other").await;
    let res = make(
        &server,
        &s.place.token,
        elsewhere,
        json!({ "folder_id": s.place.folder, "permission": "view" }),
    )
    .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_guest_browses_plays_and_comments_in_the_shared_folder() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (link, token) = s.link(&server, "comment").await;
    let browser = Browser::new();
    let res = open(&server, &browser, &token, "  Ada Client ", None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with(&format!("{GUEST_COOKIE}=")))
        .expect("the guest cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let session: Value = data(res).await;
    assert_eq!(session["guest_name"], "Ada Client");
    assert_eq!(session["link"]["permission"], "comment");
    assert_eq!(session["link"]["project_name"], "Shoot");
    assert_eq!(session["link"]["root_name"], "Day 1");
    assert_eq!(session["link"]["root_id"], s.place.folder);
    assert_eq!(session["link"]["kind"], "folder");
    let g = Guest {
        browser,
        csrf: session["csrf_token"].as_str().unwrap().to_owned(),
    };
    let again: Value = data(g.get(&server, "api/guest/session").await).await;
    assert_eq!(again["csrf_token"], g.csrf.as_str());

    let day = s.place.folder;
    let children: Vec<Value> = data(
        g.get(&server, &format!("api/guest/folders/{day}/children"))
            .await,
    )
    .await;
    assert_eq!(children.len(), 1);
    assert_eq!(children[0]["id"], s.sub);
    let files = g
        .get(&server, &format!("api/guest/folders/{day}/files"))
        .await;
    assert_eq!(files.headers()["total"], "1");
    let files: Vec<Value> = data(files).await;
    assert_eq!(files[0]["id"], s.file);
    let shown: Value = data(g.get(&server, &format!("api/guest/files/{}", s.file)).await).await;
    assert_eq!(shown["name"], "A001.mov");
    let res = g
        .get(&server, &format!("api/guest/files/{}/media", s.file))
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let bytes = server
        .http
        .get(res.headers()[header::LOCATION].to_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], &s.content[..], "the player gets the bytes");
    let res = g
        .get(&server, &format!("api/guest/files/{}/download", s.file))
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;

    // A team comment, then the guest's thread and reply.
    let team_path = format!("{}/{}/comments", s.place.files_path(), s.file);
    let res = server
        .post(
            &s.place.token,
            &team_path,
            json!({ "body": "From the team" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let team_comment: Value = data(res).await;
    let guest_path = format!("api/guest/files/{}/comments", s.file);
    let res = g
        .post(&server, &guest_path, json!({ "body": "Too dark here" }))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mine: Value = data(res).await;
    assert_eq!(mine["author"]["guest"], true);
    assert_eq!(mine["author"]["name"], "Ada Client");
    let res = g
        .post(
            &server,
            &format!("{guest_path}/{}/comments", team_comment["id"]),
            json!({ "body": "Agreed" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let seen = g.get(&server, &guest_path).await.text().await.unwrap();
    assert!(
        !seen.contains("admin@rushes.test"),
        "a guest saw an email: {seen}"
    );
    assert!(seen.contains("Too dark here") && seen.contains("Agreed"));

    let threads: Vec<Value> = data(server.get(&s.place.token, &team_path).await).await;
    let by_guest = threads
        .iter()
        .find(|t| t["body"] == "Too dark here")
        .expect("the team sees the guest's comment");
    assert_eq!(
        by_guest["author"],
        json!({ "id": null, "name": "Ada Client", "email": null, "guest": true, "link_id": link })
    );
    let replied = threads
        .iter()
        .find(|t| t["body"] == "From the team")
        .unwrap();
    assert_eq!(replied["author"]["guest"], false);
    assert_eq!(replied["replies"][0]["author"]["name"], "Ada Client");

    // Leaving ends the session.
    let res = g
        .browser
        .send(
            g.browser
                .request(Method::DELETE, &server.url("api/guest/session"))
                .header("x-csrf-token", &g.csrf),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = g.get(&server, "api/guest/session").await;
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_download_link_downloads_the_original() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let (_, token) = s.link(&server, "download").await;
    let g = guest(&server, &token, "Editor at the agency").await;
    let res = g
        .get(&server, &format!("api/guest/files/{}/download", s.file))
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let bytes = server
        .http
        .get(res.headers()[header::LOCATION].to_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], &s.content[..]);
    let res = g
        .post(
            &server,
            &format!("api/guest/files/{}/comments", s.file),
            json!({ "body": "Download includes comment" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_file_link_reaches_its_file_only() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let sibling = upload(&server, &s.place, "A002.mov", b"another take").await;
    let (_, token) = share(
        &server,
        &s.place.token,
        s.place.project,
        json!({ "file_id": s.file, "permission": "view" }),
    )
    .await;
    let g = guest(&server, &token, "Ada").await;
    let session: Value = data(g.get(&server, "api/guest/session").await).await;
    assert_eq!(session["link"]["kind"], "file");
    assert_eq!(session["link"]["root_id"], s.file);
    assert_eq!(session["link"]["root_name"], "A001.mov");
    let res = g.get(&server, &format!("api/guest/files/{}", s.file)).await;
    assert_eq!(res.status(), StatusCode::OK);
    for path in [
        format!("api/guest/files/{sibling}"),
        format!("api/guest/folders/{}/files", s.place.folder),
        format!("api/guest/folders/{}/children", s.place.folder),
    ] {
        let res = g.get(&server, &path).await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[tokio::test]
async fn guests_see_finished_files_only() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let pending = s.place.file(&server, "B001.mov").await;
    let (_, token) = s.link(&server, "download").await;
    let g = guest(&server, &token, "Ada").await;
    let res = g
        .get(
            &server,
            &format!("api/guest/folders/{}/files", s.place.folder),
        )
        .await;
    assert_eq!(res.headers()["total"], "1");
    let files: Vec<Value> = data(res).await;
    let ids: Vec<i64> = files.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [s.file]);
    for path in [
        format!("api/guest/files/{pending}"),
        format!("api/guest/files/{pending}/media"),
        format!("api/guest/files/{pending}/comments"),
    ] {
        error(
            g.get(&server, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}
