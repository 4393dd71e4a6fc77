//! Approval status: commenters and up set it on a version (viewers may not), with who and
//! when; listings filter on it; guests set it only through a link that allows it.

use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::common::{assert_status, data, error, TestServer};
use crate::media::upload;
use crate::review_links::{guest, share, Guest};
use crate::tus_client::{bytes, Place};

/// `PUT .../files/{id}/status` as `token`.
async fn set(server: &TestServer, place: &Place, token: &str, id: i64, status: &str) -> Response {
    server
        .send(
            Method::PUT,
            token,
            &format!("{}/{id}/status", place.files_path()),
            Some(json!({ "status": status })),
        )
        .await
}

/// `PUT /api/guest/files/{id}/status` with the guest's CSRF token.
async fn guest_set(server: &TestServer, g: &Guest, id: i64, status: &str) -> Response {
    g.browser
        .send(
            g.browser
                .request(
                    Method::PUT,
                    &server.url(&format!("api/guest/files/{id}/status")),
                )
                .header("x-csrf-token", &g.csrf)
                .json(&json!({ "status": status })),
        )
        .await
}

#[tokio::test]
async fn a_status_is_set_with_who_and_when_and_cleared() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let id = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let before = place.show(&server, id).await;
    assert_eq!(before["status"], "none");
    assert!(before["status_set_by"].is_null() && before["status_set_at"].is_null());

    let res = set(&server, &place, &place.token, id, "changes_requested").await;
    assert_eq!(res.status(), StatusCode::OK);
    let file: Value = data(res).await;
    assert_eq!(file["status"], "changes_requested");
    assert_eq!(file["status_set_by"]["name"], "Admin");
    assert_eq!(file["status_set_by"]["guest"], false);
    assert_eq!(file["status_set_by"]["email"], "admin@rushes.test");
    assert!(file["status_set_at"].is_string());
    assert_eq!(place.show(&server, id).await["status"], "changes_requested");

    let res = set(&server, &place, &place.token, id, "none").await;
    let file: Value = data(res).await;
    assert_eq!(file["status"], "none");
    assert!(file["status_set_by"].is_null() && file["status_set_at"].is_null());

    let res = set(&server, &place, &place.token, id, "rejected").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn listings_filter_on_status_and_refuse_an_unknown_one() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let a = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let b = upload(&server, &place, "B001.mov", &bytes(100)).await;
    assert_eq!(
        set(&server, &place, &place.token, a, "approved")
            .await
            .status(),
        StatusCode::OK
    );

    let ids = |files: Vec<Value>| -> Vec<i64> {
        files.iter().map(|f| f["id"].as_i64().unwrap()).collect()
    };
    let path = format!("{}?status=approved", place.files_path());
    let res = server.get(&place.token, &path).await;
    assert_eq!(res.headers()["total"], "1");
    assert_eq!(ids(data(res).await), vec![a]);
    let path = format!("{}?status=none", place.files_path());
    assert_eq!(
        ids(data(server.get(&place.token, &path).await).await),
        vec![b]
    );

    let path = format!("{}?status=rejected", place.files_path());
    let e = error(
        server.get(&place.token, &path).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(format!("{e:?}").contains("status"), "{e:?}");
}

#[tokio::test]
async fn commenters_and_up_set_status_viewers_may_not() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let id = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let cast = server.cast(place.project).await;
    for (who, token, want) in cast.expect("commenter") {
        let res = set(&server, &place, token, id, "in_progress").await;
        assert_status(who, res.status(), want);
    }
    // Setting the status it already has changes nothing: the first to set it stays recorded.
    let file = place.show(&server, id).await;
    assert_eq!(file["status"], "in_progress");
    assert_eq!(file["status_set_by"]["email"], "commenter@rushes.test");
}

#[tokio::test]
async fn guests_set_status_only_through_a_link_that_allows_it() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let id = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let links = format!("api/projects/{}/review-links", place.project);

    // Setting status is taking part: a view-only link cannot allow it.
    let res = server
        .post(
            &place.token,
            &links,
            json!({ "file_id": id, "permission": "view", "can_set_status": true }),
        )
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    let (plain, token) = share(
        &server,
        &place.token,
        place.project,
        json!({ "file_id": id, "permission": "comment" }),
    )
    .await;
    let g = guest(&server, &token, "Client").await;
    let res = guest_set(&server, &g, id, "approved").await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;

    // Allowed later through the link's update; listed with it.
    let res = server
        .send(
            Method::PATCH,
            &place.token,
            &format!("{links}/{plain}"),
            Some(json!({ "can_set_status": true })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let listed: Vec<Value> = data(server.get(&place.token, &links).await).await;
    assert_eq!(listed[0]["can_set_status"], true);
    let res = g.get(&server, "api/guest/session").await;
    let session: Value = data(res).await;
    assert_eq!(session["link"]["can_set_status"], true, "{session}");

    let res = guest_set(&server, &g, id, "approved").await;
    assert_eq!(res.status(), StatusCode::OK);
    let file: Value = data(res).await;
    assert_eq!(file["status"], "approved");
    assert_eq!(file["status_set_by"]["name"], "Client");
    assert_eq!(file["status_set_by"]["guest"], true);
    assert_eq!(file["unseen_comments"], 0);
    // The team sees the guest's name.
    let shown = place.show(&server, id).await;
    assert_eq!(shown["status_set_by"]["name"], "Client");
    assert_eq!(shown["status_set_by"]["link_id"], plain);

    // Lowered to view, the link must drop the permission with it.
    let res = server
        .send(
            Method::PATCH,
            &place.token,
            &format!("{links}/{plain}"),
            Some(json!({ "permission": "view" })),
        )
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    // A member's email is not shown to guests.
    assert_eq!(
        set(&server, &place, &place.token, id, "in_progress")
            .await
            .status(),
        StatusCode::OK
    );
    let file: Value = data(g.get(&server, &format!("api/guest/files/{id}")).await).await;
    assert_eq!(file["status_set_by"]["name"], "Admin");
    assert!(file["status_set_by"]["email"].is_null(), "{file}");
}
