use reqwest::{Method, StatusCode};
use rushes_api::comments::Comment;
use serde_json::{json, Value};

use crate::common::{assert_status, data, error, Cast, TestServer};

/// A project with a folder holding one file, and a caller per role.
struct Setup {
    server: TestServer,
    cast: Cast,
    project: i64,
    folder: i64,
    file: i64,
}

impl Setup {
    async fn new() -> Self {
        let server = TestServer::start().await;
        let admin = server.admin_token().await;
        let project = server.project(&admin, "P").await;
        let folder = server.folder(&admin, project, None, "Day 1").await;
        let file = server.file(&admin, project, folder, "A001.mov").await;
        let cast = server.cast(project).await;
        Self {
            server,
            cast,
            project,
            folder,
            file,
        }
    }

    fn comments(&self) -> String {
        format!(
            "api/projects/{}/folders/{}/files/{}/comments",
            self.project, self.folder, self.file
        )
    }

    fn comment(&self, id: i64) -> String {
        format!("{}/{id}", self.comments())
    }

    fn replies(&self, id: i64) -> String {
        format!("{}/{id}/comments", self.comments())
    }

    async fn send(
        &self,
        method: Method,
        token: &str,
        path: &str,
        body: Value,
    ) -> reqwest::Response {
        self.server.send(method, token, path, Some(body)).await
    }

    /// Posts a comment as `token`, expecting it to be created.
    async fn post(&self, token: &str, path: &str, body: Value) -> Comment {
        let res = self.send(Method::POST, token, path, body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        data(res).await
    }

    async fn list(&self, token: &str) -> Vec<Comment> {
        data(self.server.get(token, &self.comments()).await).await
    }
}

#[tokio::test]
async fn threads_list_by_timeline_with_replies_inline() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let late = s
        .post(c, &s.comments(), json!({"body": "cut here", "frame": 200}))
        .await;
    let range = s
        .post(
            c,
            &s.comments(),
            json!({"body": " soft focus ", "frame": 24, "frame_out": 48}),
        )
        .await;
    let whole = s
        .post(c, &s.comments(), json!({"body": "great take"}))
        .await;
    let reply1 = s
        .post(
            &s.cast.editor,
            &s.replies(range.id),
            json!({"body": "agreed"}),
        )
        .await;
    let reply2 = s
        .post(c, &s.replies(range.id), json!({"body": "fixed in v2"}))
        .await;

    assert_eq!(range.body, "soft focus");
    assert_eq!((range.frame, range.frame_out), (Some(24), Some(48)));
    assert_eq!((range.parent_id, range.resolved), (None, false));
    let author = range.author.clone().unwrap();
    assert_eq!(author.email.as_deref(), Some("commenter@rushes.test"));
    assert!(!author.guest);
    assert_eq!(author.name, "commenter");
    assert_eq!(reply1.parent_id, Some(range.id));
    assert_eq!((reply1.frame, reply1.frame_out), (None, None));
    assert_eq!(reply1.file_id, s.file);

    let listed = s.list(&s.cast.viewer).await;
    let ids: Vec<i64> = listed.iter().map(|c| c.id).collect();
    assert_eq!(ids, [whole.id, range.id, late.id]);
    let replies: Vec<i64> = listed[1].replies.iter().map(|r| r.id).collect();
    assert_eq!(replies, [reply1.id, reply2.id]);
    assert!(listed[0].replies.is_empty() && listed[2].replies.is_empty());
}

#[tokio::test]
async fn threads_are_paged_with_headers() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let mut ids = Vec::new();
    for frame in 0..5 {
        let t = s
            .post(c, &s.comments(), json!({"body": "n", "frame": frame}))
            .await;
        s.post(c, &s.replies(t.id), json!({"body": "r"})).await;
        ids.push(t.id);
    }
    let res = s
        .server
        .get(c, &format!("{}?page=2&per_page=2", s.comments()))
        .await;
    assert_eq!(res.headers()["total"], "5");
    assert_eq!(res.headers()["per-page"], "2");
    let link = res.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("page=3&per_page=2>; rel=\"next\""), "{link}");
    let page: Vec<Comment> = data(res).await;
    assert_eq!(page.iter().map(|c| c.id).collect::<Vec<_>>(), ids[2..4]);
    assert!(page.iter().all(|c| c.replies.len() == 1));

    let res = s
        .server
        .get(c, &format!("{}?per_page=0", s.comments()))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn bad_comments_are_422_by_field() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let cases = [
        (json!({"body": ""}), "body"),
        (json!({"body": " \n\t "}), "body"),
        (json!({"body": "x".repeat(10_001)}), "body"),
        (json!({"body": "a\u{0}b"}), "body"),
        (json!({"body": "x", "frame": -1}), "frame"),
        (json!({"body": "x", "frame_out": 5}), "frame_out"),
        (
            json!({"body": "x", "frame": 10, "frame_out": 9}),
            "frame_out",
        ),
    ];
    for (body, field) in &cases {
        let res = s.send(Method::POST, c, &s.comments(), body.clone()).await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(err.error.contains_key(*field), "{body}: {err:?}");
    }
    for body in [
        json!({}),
        json!({"body": 3}),
        json!({"body": "x", "frame": "1"}),
    ] {
        let res = s.send(Method::POST, c, &s.comments(), body).await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    // The limit is counted after trimming.
    let padded = format!("  {}  ", "x".repeat(10_000));
    s.post(c, &s.comments(), json!({ "body": padded })).await;
    assert_eq!(s.list(c).await.len(), 1);
}

#[tokio::test]
async fn frames_must_be_inside_a_probed_file() {
    let s = Setup::new().await;
    s.server.probed(s.file, 100).await;
    let c = &s.cast.commenter;
    s.post(
        c,
        &s.comments(),
        json!({"body": "last", "frame": 0, "frame_out": 99}),
    )
    .await;
    for (body, field) in [
        (json!({"body": "x", "frame": 100}), "frame"),
        (
            json!({"body": "x", "frame": 90, "frame_out": 100}),
            "frame_out",
        ),
    ] {
        let res = s.send(Method::POST, c, &s.comments(), body).await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.error[field], ["is after the last frame (99)"]);
    }
}

#[tokio::test]
async fn replies_are_one_level_deep_and_take_no_frames() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let top = s
        .post(c, &s.comments(), json!({"body": "top", "frame": 3}))
        .await;
    let reply = s
        .post(c, &s.replies(top.id), json!({"body": "reply"}))
        .await;

    let res = s
        .send(
            Method::POST,
            c,
            &s.replies(reply.id),
            json!({"body": "deeper"}),
        )
        .await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.error.contains_key("base"));

    let res = s
        .send(
            Method::POST,
            c,
            &s.replies(top.id),
            json!({"body": "r", "frame": 1}),
        )
        .await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.error.contains_key("frame"));

    // Replies are not framed or resolved on their own.
    for (body, field) in [
        (json!({"frame": 2}), "frame"),
        (json!({"resolved": true}), "resolved"),
    ] {
        let res = s.send(Method::PATCH, c, &s.comment(reply.id), body).await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(err.error.contains_key(field));
    }
    let listed = s.list(c).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].replies.len(), 1);
}

#[tokio::test]
async fn authors_edit_their_comments_and_ranges_stay_valid() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let top = s
        .post(c, &s.comments(), json!({"body": "soft", "frame": 10}))
        .await;
    s.post(c, &s.replies(top.id), json!({"body": "r"})).await;

    let res = s
        .send(
            Method::PATCH,
            c,
            &s.comment(top.id),
            json!({"body": " softer ", "frame_out": 20}),
        )
        .await;
    let edited: Comment = data(res).await;
    assert_eq!(edited.body, "softer");
    assert_eq!((edited.frame, edited.frame_out), (Some(10), Some(20)));
    assert!(edited.updated_at >= top.updated_at);
    assert_eq!(edited.replies.len(), 1);

    for (body, field) in [
        (json!({"frame_out": 5}), "frame_out"),
        (json!({"frame": null}), "frame_out"),
        (json!({"frame": -3}), "frame"),
        (json!({"body": "  "}), "body"),
    ] {
        let res = s
            .send(Method::PATCH, c, &s.comment(top.id), body.clone())
            .await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(err.error.contains_key(field), "{body}: {err:?}");
    }
    let whole: Comment = data(
        s.send(
            Method::PATCH,
            c,
            &s.comment(top.id),
            json!({"frame": null, "frame_out": null}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (whole.frame, whole.frame_out, whole.body.as_str()),
        (None, None, "softer")
    );
    let same: Comment = data(
        s.send(Method::PATCH, c, &s.comment(top.id), json!({}))
            .await,
    )
    .await;
    assert_eq!(same, whole);
}

#[tokio::test]
async fn only_the_author_edits_but_any_commenter_resolves() {
    let s = Setup::new().await;
    let top = s
        .post(
            &s.cast.commenter,
            &s.comments(),
            json!({"body": "mine", "frame": 1}),
        )
        .await;
    for token in [&s.cast.editor, &s.cast.manager, &s.cast.admin] {
        for body in [
            json!({"body": "theirs"}),
            json!({"frame": 2}),
            json!({"frame_out": 3}),
        ] {
            let res = s.send(Method::PATCH, token, &s.comment(top.id), body).await;
            error(res, StatusCode::FORBIDDEN, "forbidden").await;
        }
    }
    let res = s
        .send(
            Method::PATCH,
            &s.cast.viewer,
            &s.comment(top.id),
            json!({"resolved": true}),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;

    let other = s.server.user_token("other@rushes.test").await;
    s.server
        .grant(s.project, "other@rushes.test", "commenter")
        .await;
    let done: Comment = data(
        s.send(
            Method::PATCH,
            &other,
            &s.comment(top.id),
            json!({"resolved": true}),
        )
        .await,
    )
    .await;
    assert!(done.resolved);
    assert_eq!(done.body, "mine");
    let reopened: Comment = data(
        s.send(
            Method::PATCH,
            &s.cast.commenter,
            &s.comment(top.id),
            json!({"resolved": false}),
        )
        .await,
    )
    .await;
    assert!(!reopened.resolved);
}

#[tokio::test]
async fn authors_and_managers_delete_and_replies_go_with_the_thread() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let top = s.post(c, &s.comments(), json!({"body": "top"})).await;
    let reply = s
        .post(&s.cast.editor, &s.replies(top.id), json!({"body": "r"}))
        .await;
    let other = s
        .post(&s.cast.editor, &s.comments(), json!({"body": "other"}))
        .await;

    // Someone else's comment: a commenter or a viewer may not remove it.
    for token in [c, &s.cast.viewer] {
        let res = s
            .server
            .send(Method::DELETE, token, &s.comment(other.id), None)
            .await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let res = s
        .server
        .send(Method::DELETE, c, &s.comment(reply.id), None)
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;

    // The author deletes their reply; the manager someone else's thread with its replies.
    let res = s
        .server
        .send(Method::DELETE, &s.cast.editor, &s.comment(reply.id), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let again = s
        .post(&s.cast.editor, &s.replies(top.id), json!({"body": "r2"}))
        .await;
    let res = s
        .server
        .send(Method::DELETE, &s.cast.manager, &s.comment(top.id), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let listed = s.list(c).await;
    assert_eq!(listed.iter().map(|c| c.id).collect::<Vec<_>>(), [other.id]);
    for gone in [top.id, again.id] {
        let res = s
            .server
            .send(Method::DELETE, &s.cast.admin, &s.comment(gone), None)
            .await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[tokio::test]
async fn a_removed_author_shows_as_null() {
    let s = Setup::new().await;
    let gone = s.server.user_token("leaver@rushes.test").await;
    s.server
        .grant(s.project, "leaver@rushes.test", "commenter")
        .await;
    s.post(&gone, &s.comments(), json!({"body": "bye"})).await;
    let pool = s.server.db().await;
    if s.server.dir.database_url().is_none() {
        // SQLite enforces foreign keys per connection; PostgreSQL always does.
        sqlx::query("PRAGMA foreign_keys = ON")
            .execute(&pool)
            .await
            .unwrap();
    }
    sqlx::query("DELETE FROM users WHERE email = 'leaver@rushes.test'")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let listed = s.list(&s.cast.viewer).await;
    assert_eq!(listed[0].author, None);
    assert_eq!(listed[0].body, "bye");
}

#[tokio::test]
async fn ids_of_another_file_folder_or_project_are_404() {
    let s = Setup::new().await;
    let admin = &s.cast.admin;
    let (p, f, id) = (s.project, s.folder, s.file);
    let sibling = s.server.file(admin, p, f, "A002.mov").await;
    let other_folder = s.server.folder(admin, p, None, "Day 2").await;
    let q = s.server.project(admin, "Q").await;
    let q_folder = s.server.folder(admin, q, None, "Q1").await;
    let q_file = s.server.file(admin, q, q_folder, "B001.mov").await;
    let here = s.post(admin, &s.comments(), json!({"body": "here"})).await;
    let elsewhere = s
        .post(
            admin,
            &format!("api/projects/{p}/folders/{f}/files/{sibling}/comments"),
            json!({"body": "on the sibling"}),
        )
        .await;

    let bases = [
        format!("api/projects/{p}/folders/{other_folder}/files/{id}/comments"),
        format!("api/projects/{q}/folders/{f}/files/{id}/comments"),
        format!("api/projects/{p}/folders/{f}/files/{q_file}/comments"),
        format!("api/projects/{p}/folders/{f}/files/999999/comments"),
    ];
    for base in &bases {
        let res = s.server.get(admin, base).await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = s
            .send(Method::POST, admin, base, json!({"body": "x"}))
            .await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = s
            .send(
                Method::PATCH,
                admin,
                &format!("{base}/{}", here.id),
                json!({}),
            )
            .await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    // A comment of another file, addressed through this one.
    for cid in [elsewhere.id.to_string(), "999999".into(), "abc".into()] {
        let path = format!("{}/{cid}", s.comments());
        let res = s
            .send(Method::PATCH, admin, &path, json!({"resolved": true}))
            .await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = s.server.send(Method::DELETE, admin, &path, None).await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = s
            .send(
                Method::POST,
                admin,
                &format!("{path}/comments"),
                json!({"body": "x"}),
            )
            .await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    let sibling_threads: Vec<Comment> = data(
        s.server
            .get(
                admin,
                &format!("api/projects/{p}/folders/{f}/files/{sibling}/comments"),
            )
            .await,
    )
    .await;
    assert_eq!(sibling_threads.len(), 1);
    assert!(sibling_threads[0].replies.is_empty() && !sibling_threads[0].resolved);
}

#[tokio::test]
async fn roles_decide_who_reads_writes_and_resolves() {
    let s = Setup::new().await;
    let top = s
        .post(&s.cast.manager, &s.comments(), json!({"body": "thread"}))
        .await;
    for (who, token, want) in s.cast.expect("viewer") {
        let res = s.server.get(token, &s.comments()).await;
        assert_status(who, res.status(), want);
    }
    for (who, token, want) in s.cast.expect("commenter") {
        let res = s
            .send(Method::POST, token, &s.comments(), json!({"body": who}))
            .await;
        assert_status(&format!("create {who}"), res.status(), want);
        let res = s
            .send(
                Method::POST,
                token,
                &s.replies(top.id),
                json!({"body": who}),
            )
            .await;
        assert_status(&format!("reply {who}"), res.status(), want);
        let res = s
            .send(
                Method::PATCH,
                token,
                &s.comment(top.id),
                json!({"resolved": true}),
            )
            .await;
        assert_status(&format!("resolve {who}"), res.status(), want);
    }
    // Deleting someone else's comment: managers (and admins) only.
    let author = s.server.user_token("author@rushes.test").await;
    s.server
        .grant(s.project, "author@rushes.test", "commenter")
        .await;
    for (who, token, want) in s.cast.expect("manager") {
        let victim = s.post(&author, &s.comments(), json!({"body": "v"})).await;
        let res = s
            .server
            .send(Method::DELETE, token, &s.comment(victim.id), None)
            .await;
        assert_status(&format!("delete {who}"), res.status(), want);
    }
}

#[tokio::test]
async fn a_commenter_grant_on_a_folder_allows_commenting_inside_it() {
    let s = Setup::new().await;
    let token = s.server.user_token("client@rushes.test").await;
    s.server
        .grant_folder(s.folder, "client@rushes.test", "commenter")
        .await;
    let mine = s
        .post(
            &token,
            &s.comments(),
            json!({"body": "love it", "frame": 0}),
        )
        .await;
    let res = s
        .server
        .send(Method::DELETE, &token, &s.comment(mine.id), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    s.server
        .grant_folder(s.folder, "viewer@rushes.test", "viewer")
        .await;
    let res = s
        .send(
            Method::POST,
            &s.cast.viewer,
            &s.comments(),
            json!({"body": "x"}),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
}
