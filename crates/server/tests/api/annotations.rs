//! Drawn annotations: shapes saved with a comment on a frame, validated (limits, coordinates,
//! colours, a frame, never on a reply), written by those who may comment (team and guests of a
//! link that allows comments), returned in every list, replaced and removed by PATCH.

use reqwest::{Method, StatusCode};
use rushes_api::comments::Comment;
use serde_json::{json, Value};

use crate::common::{data, error, Cast, TestServer};
use crate::review_links::{guest, Shared};

/// A project with a folder holding one file, and a caller per role.
struct Setup {
    server: TestServer,
    cast: Cast,
    comments: String,
}

impl Setup {
    async fn new() -> Self {
        let server = TestServer::start().await;
        let admin = server.admin_token().await;
        let project = server.project(&admin, "P").await;
        let folder = server.folder(&admin, project, None, "Day 1").await;
        let file = server.file(&admin, project, folder, "A001.mov").await;
        let cast = server.cast(project).await;
        let comments = format!("api/projects/{project}/folders/{folder}/files/{file}/comments");
        Self {
            server,
            cast,
            comments,
        }
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> reqwest::Response {
        self.server
            .send(Method::POST, token, path, Some(body))
            .await
    }

    async fn list(&self, token: &str) -> Vec<Comment> {
        data(self.server.get(token, &self.comments).await).await
    }
}

fn arrow() -> Value {
    json!({"tool": "arrow", "color": "#ff3b30", "width": 0.005, "points": [[0.1, 0.2], [0.5, 0.5]]})
}

/// One of each tool.
fn every_tool() -> Value {
    json!({"shapes": [
        {"tool": "pen", "color": "#ffcc00", "width": 0.004, "points": [[0.1, 0.1], [0.2, 0.15], [0.3, 0.1]]},
        {"tool": "line", "color": "#34c759", "width": 0.003, "points": [[0.0, 0.0], [1.0, 1.0]]},
        arrow(),
        {"tool": "rectangle", "color": "#007aff", "width": 0.002, "points": [[0.6, 0.6], [0.9, 0.8]]},
        {"tool": "ellipse", "color": "#ffffff", "width": 0.01, "points": [[0.2, 0.6], [0.4, 0.9]]},
    ]})
}

/// Asserts a 422 `validation_failed` on `drawing` whose message mentions `words`.
async fn refused(res: reqwest::Response, words: &str) {
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let messages = err.error.get("drawing").cloned().unwrap_or_default();
    assert!(
        messages.iter().any(|m| m.contains(words)),
        "{words}: {err:?}"
    );
}

#[tokio::test]
async fn a_drawing_is_saved_with_its_comment_and_listed() {
    let s = Setup::new().await;
    let res = s
        .post(
            &s.cast.commenter,
            &s.comments,
            json!({"body": "this", "frame": 12, "drawing": every_tool()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = data(res).await;
    assert_eq!(made["drawing"], every_tool());
    let listed = s.list(&s.cast.viewer).await;
    let drawn = serde_json::to_value(listed[0].drawing.as_ref().unwrap()).unwrap();
    assert_eq!(drawn, every_tool());
    // A comment without one answers null.
    let res = s
        .post(&s.cast.commenter, &s.comments, json!({"body": "plain"}))
        .await;
    let plain: Value = data(res).await;
    assert_eq!(plain["drawing"], Value::Null);
}

#[tokio::test]
async fn drawings_out_of_bounds_are_422_naming_the_problem() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let with = |drawing: Value| json!({"body": "x", "frame": 3, "drawing": drawing});
    let many_points = json!({"shapes": [
        {"tool": "pen", "color": "#ff3b30", "width": 0.005, "points": vec![[0.5, 0.5]; 4097]}
    ]});
    let many_shapes = json!({ "shapes": vec![arrow(); 65] });
    let outside = json!({"shapes": [
        {"tool": "line", "color": "#ff3b30", "width": 0.005, "points": [[0.1, 1.5], [0.5, 0.5]]}
    ]});
    let colour = json!({"shapes": [
        {"tool": "line", "color": "red", "width": 0.005, "points": [[0.1, 0.5], [0.5, 0.5]]}
    ]});
    let cases = [
        (with(many_points), "at most 4096 points"),
        (with(many_shapes), "at most 64 shapes"),
        (with(outside), "from 0 to 1"),
        (with(colour), "#rrggbb"),
        (with(json!({"shapes": []})), "at least one shape"),
        (
            json!({"body": "x", "drawing": {"shapes": [arrow()]}}),
            "needs a frame",
        ),
    ];
    for (body, words) in cases {
        refused(s.post(c, &s.comments, body).await, words).await;
    }
    assert!(s.list(c).await.is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_json_or_of_the_wrong_shape_is_422() {
    let s = Setup::new().await;
    let url = s.server.url(&s.comments);
    let nan = r##"{"body": "x", "frame": 1, "drawing": {"shapes": [{"tool": "line", "color": "#ff3b30", "width": 0.005, "points": [[NaN, 0.5], [0.5, 0.5]]}]}}"##;
    let wrong = r##"{"body": "x", "frame": 1, "drawing": {"shapes": [{"tool": "spray", "color": "#ff3b30", "width": 0.005, "points": [[0.1, 0.5], [0.5, 0.5]]}]}}"##;
    for raw in [nan, wrong, r#"{"body": "x", "frame": 1, "drawing": "#] {
        let res = s
            .server
            .http
            .post(url.clone())
            .bearer_auth(&s.cast.commenter)
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
}

#[tokio::test]
async fn a_drawing_at_the_limits_fits_and_a_far_larger_body_is_refused() {
    let s = Setup::new().await;
    // 64 shapes, 4096 points in all, with long decimals.
    let point = [0.123_456_789_012_345_f64, 0.987_654_321_098_765];
    let mut shapes = vec![
        json!({"tool": "pen", "color": "#ff3b30", "width": 0.049, "points": vec![point; 4096 - 63 * 2]}),
    ];
    for _ in 0..63 {
        shapes.push(json!({"tool": "ellipse", "color": "#ff3b30", "width": 0.049, "points": [point, point]}));
    }
    let body = json!({"body": "limit", "frame": 0, "drawing": {"shapes": shapes}});
    let res = s.post(&s.cast.commenter, &s.comments, body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Far past the limits: refused before it is read whole, never a 500.
    let huge = json!({"shapes": [
        {"tool": "pen", "color": "#ff3b30", "width": 0.005, "points": vec![point; 100_000]}
    ]});
    let res = s
        .post(
            &s.cast.commenter,
            &s.comments,
            json!({"body": "x", "frame": 1, "drawing": huge}),
        )
        .await;
    let status = res.status();
    assert!(
        status == StatusCode::PAYLOAD_TOO_LARGE || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{status}"
    );
    assert_eq!(s.list(&s.cast.commenter).await.len(), 1);
}

#[tokio::test]
async fn replies_take_no_drawing() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let thread: Comment = data(
        s.post(c, &s.comments, json!({"body": "here", "frame": 5}))
            .await,
    )
    .await;
    let res = s
        .post(
            c,
            &format!("{}/{}/comments", s.comments, thread.id),
            json!({"body": "and here", "drawing": {"shapes": [arrow()]}}),
        )
        .await;
    refused(res, "reply").await;
}

#[tokio::test]
async fn viewers_cannot_draw() {
    let s = Setup::new().await;
    let res = s
        .post(
            &s.cast.viewer,
            &s.comments,
            json!({"body": "x", "frame": 1, "drawing": {"shapes": [arrow()]}}),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn patch_replaces_a_drawing_and_null_removes_it() {
    let s = Setup::new().await;
    let c = &s.cast.commenter;
    let made: Comment = data(
        s.post(
            c,
            &s.comments,
            json!({"body": "x", "frame": 8, "drawing": {"shapes": [arrow()]}}),
        )
        .await,
    )
    .await;
    let path = format!("{}/{}", s.comments, made.id);
    let res = s
        .server
        .send(
            Method::PATCH,
            c,
            &path,
            Some(json!({"drawing": every_tool()})),
        )
        .await;
    let changed: Value = data(res).await;
    assert_eq!(changed["drawing"], every_tool());
    // Someone else may resolve it, not redraw it.
    let res = s
        .server
        .send(
            Method::PATCH,
            &s.cast.editor,
            &path,
            Some(json!({"drawing": null})),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    // The frame can't go while the drawing stays.
    let res = s
        .server
        .send(Method::PATCH, c, &path, Some(json!({"frame": null})))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    // A bad drawing changes nothing.
    let res = s
        .server
        .send(
            Method::PATCH,
            c,
            &path,
            Some(json!({"drawing": {"shapes": []}})),
        )
        .await;
    refused(res, "at least one shape").await;
    let res = s
        .server
        .send(Method::PATCH, c, &path, Some(json!({"drawing": null})))
        .await;
    let removed: Value = data(res).await;
    assert_eq!(removed["drawing"], Value::Null);
    assert_eq!(s.list(c).await[0].drawing, None);
    // Both together make it a whole-file comment.
    let res = s
        .server
        .send(
            Method::PATCH,
            c,
            &path,
            Some(json!({"frame": null, "body": "all"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn guests_draw_when_their_link_allows_comments() {
    let server = TestServer::start().await;
    let s = Shared::new(&server).await;
    let body = json!({"body": "here", "frame": 0, "drawing": every_tool()});
    let path = format!("api/guest/files/{}/comments", s.file);

    let (_, view_only) = s.link(&server, "view").await;
    let viewer = guest(&server, &view_only, "Viewer").await;
    let res = viewer.post(&server, &path, body.clone()).await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;

    let (_, commenting) = s.link(&server, "comment").await;
    let g = guest(&server, &commenting, "Ada Client").await;
    let res = g
        .post(
            &server,
            &path,
            json!({"body": "x", "frame": 0, "drawing": {"shapes": []}}),
        )
        .await;
    refused(res, "at least one shape").await;
    let res = g.post(&server, &path, body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let made: Value = data(res).await;
    assert_eq!(made["drawing"], every_tool());

    let listed: Vec<Value> = data(g.get(&server, &path).await).await;
    assert_eq!(listed[0]["drawing"], every_tool());
    let team_path = format!("{}/{}/comments", s.place.files_path(), s.file);
    let team: Vec<Value> = data(server.get(&s.place.token, &team_path).await).await;
    assert_eq!(team[0]["drawing"], every_tool());
}
