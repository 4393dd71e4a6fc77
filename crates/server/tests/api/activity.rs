//! Activity and what is new: the project's activity list (uploads, new versions, comments,
//! replies, status changes) as each member may see it; the notification feed of others'
//! comments on what one uploaded or commented on; unseen comments until a visit.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{data, TestServer};
use crate::media::upload;
use crate::tus_client::{bytes, Place};
use crate::versions::upload_version;

/// Posts a comment (or, with `parent`, a reply) on file `id` of the place's folder as `token`;
/// returns its id.
async fn comment(
    server: &TestServer,
    place: &Place,
    token: &str,
    id: i64,
    parent: Option<i64>,
    body: &str,
) -> i64 {
    let mut path = format!("{}/{id}/comments", place.files_path());
    if let Some(parent) = parent {
        path = format!("{path}/{parent}/comments");
    }
    let res = server.post(token, &path, json!({ "body": body })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    data::<Value>(res).await["id"].as_i64().unwrap()
}

fn kinds(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_project_activity_lists_every_kind_newest_first_in_pages() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let thread = comment(&server, &place, &place.token, v1, None, &"x".repeat(300)).await;
    comment(&server, &place, &place.token, v1, Some(thread), "agreed").await;
    let v2 = upload_version(&server, &place, v1, &bytes(200)).await;
    let res = server
        .send(
            Method::PUT,
            &place.token,
            &format!("{}/{v2}/status", place.files_path()),
            Some(json!({ "status": "approved" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let path = format!("api/projects/{}/activity", place.project);
    let res = server.get(&place.token, &path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["total"], "5");
    let all: Vec<Value> = data(res).await;
    assert_eq!(
        kinds(&all),
        vec!["status_change", "new_version", "reply", "comment", "upload"]
    );
    assert_eq!(all[0]["status"], "approved");
    assert_eq!(all[0]["version"], 2);
    assert_eq!(all[0]["file_id"], v2);
    assert_eq!(all[1]["file_name"], "A001.mov");
    assert_eq!(all[3]["comment_id"], thread);
    assert_eq!(all[3]["excerpt"].as_str().unwrap().chars().count(), 200);
    assert_eq!(all[4]["actor"]["name"], "Admin");
    assert_eq!(all[4]["version"], 1);

    let res = server
        .get(&place.token, &format!("{path}?per_page=2&page=2"))
        .await;
    assert_eq!(res.headers()["total"], "5");
    assert!(res.headers()["link"]
        .to_str()
        .unwrap()
        .contains("rel=\"next\""));
    let page: Vec<Value> = data(res).await;
    assert_eq!(kinds(&page), vec!["reply", "comment"]);

    // Entries outlive their file.
    let res = server
        .send(
            Method::DELETE,
            &place.token,
            &format!("{}/{v1}", place.files_path()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = server.get(&place.token, &path).await;
    assert_eq!(res.headers()["total"], "5");
}

#[tokio::test]
async fn a_member_with_a_folder_grant_sees_only_that_folders_activity() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let other = server
        .folder(&place.token, place.project, None, "Day 2")
        .await;
    upload(&server, &place, "A001.mov", &bytes(100)).await;
    let elsewhere = Place {
        token: place.token.clone(),
        project: place.project,
        folder: other,
    };
    let b = upload(&server, &elsewhere, "B001.mov", &bytes(100)).await;
    let guarded = server.user_token("day2@rushes.test").await;
    server
        .grant_folder(other, "day2@rushes.test", "viewer")
        .await;

    let path = format!("api/projects/{}/activity", place.project);
    let res = server.get(&guarded, &path).await;
    assert_eq!(res.headers()["total"], "1");
    let entries: Vec<Value> = data(res).await;
    assert_eq!(entries[0]["file_id"], b);

    let outsider = server.user_token("outsider@rushes.test").await;
    assert_eq!(
        server.get(&outsider, &path).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn my_feed_has_others_comments_on_my_files_after_an_id() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let cast = server.cast(place.project).await;
    // The admin uploads; a commenter comments on it and on the editor's file.
    let mine = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let v2 = upload_version(&server, &place, mine, &bytes(100)).await;
    let editor = Place {
        token: cast.editor.clone(),
        project: place.project,
        folder: place.folder,
    };
    let theirs = upload(&server, &editor, "B001.mov", &bytes(100)).await;
    comment(&server, &place, &place.token, mine, None, "my own note").await;
    let first = comment(&server, &place, &cast.commenter, mine, None, "on v1").await;
    comment(&server, &place, &cast.commenter, theirs, None, "elsewhere").await;
    let second = comment(&server, &place, &cast.commenter, v2, None, "on v2").await;

    let feed: Vec<Value> = data(server.get(&place.token, "api/me/activity?after=0").await).await;
    let comments: Vec<i64> = feed
        .iter()
        .map(|e| e["comment_id"].as_i64().unwrap())
        .collect();
    assert_eq!(comments, vec![first, second]);
    assert!(feed
        .iter()
        .all(|e| e["actor"]["email"] == "commenter@rushes.test"));

    let after = feed[0]["id"].as_i64().unwrap();
    let feed: Vec<Value> = data(
        server
            .get(&place.token, &format!("api/me/activity?after={after}"))
            .await,
    )
    .await;
    assert_eq!(feed.len(), 1);
    assert_eq!(feed[0]["comment_id"], second);
    // Without `after`: the latest, oldest first.
    let latest: Vec<Value> = data(server.get(&place.token, "api/me/activity").await).await;
    assert_eq!(latest.len(), 2);
    assert_eq!(latest[1]["comment_id"], second);

    // Once I answered on their file, their replies there are mine to hear about.
    let reply = comment(&server, &place, &place.token, theirs, None, "me too").await;
    let back = comment(
        &server,
        &place,
        &cast.commenter,
        theirs,
        Some(reply),
        "thanks",
    )
    .await;
    let last = feed[0]["id"].as_i64().unwrap();
    let feed: Vec<Value> = data(
        server
            .get(&place.token, &format!("api/me/activity?after={last}"))
            .await,
    )
    .await;
    let ids: Vec<i64> = feed
        .iter()
        .map(|e| e["comment_id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&back), "{feed:?}");
    assert_eq!(feed.last().unwrap()["kind"], "reply");

    // The commenter never hears of their own comments.
    let own: Vec<Value> = data(server.get(&cast.commenter, "api/me/activity?after=0").await).await;
    assert!(
        own.iter()
            .all(|e| e["actor"]["email"] != "commenter@rushes.test"),
        "{own:?}"
    );
}

#[tokio::test]
async fn comments_are_unseen_until_a_visit_and_never_ones_own() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let cast = server.cast(place.project).await;
    let id = upload(&server, &place, "A001.mov", &bytes(100)).await;
    comment(&server, &place, &place.token, id, None, "mine").await;
    let theirs = comment(&server, &place, &cast.commenter, id, None, "theirs").await;
    comment(
        &server,
        &place,
        &cast.commenter,
        id,
        Some(theirs),
        "and a reply",
    )
    .await;

    let unseen = |token: String| {
        let server = &server;
        let path = place.files_path();
        async move {
            let files: Vec<Value> = data(server.get(&token, &path).await).await;
            files[0]["unseen_comments"].as_i64().unwrap()
        }
    };
    assert_eq!(unseen(place.token.clone()).await, 2);
    assert_eq!(unseen(cast.commenter.clone()).await, 1);
    let threads: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{id}/comments", place.files_path()),
            )
            .await,
    )
    .await;
    let mine = threads.iter().find(|t| t["body"] == "mine").unwrap();
    let other = threads.iter().find(|t| t["body"] == "theirs").unwrap();
    assert_eq!(mine["unseen"], false);
    assert_eq!(other["unseen"], true);
    assert_eq!(other["replies"][0]["unseen"], true);

    let seen = format!("{}/{id}/seen", place.files_path());
    let res = server.post(&place.token, &seen, json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(unseen(place.token.clone()).await, 0);
    assert_eq!(place.show(&server, id).await["unseen_comments"], 0);
    // Others' visits are their own.
    assert_eq!(unseen(cast.commenter.clone()).await, 1);

    crate::common::outlive_one_second().await;
    comment(&server, &place, &cast.commenter, id, None, "later").await;
    assert_eq!(unseen(place.token.clone()).await, 1);
    let threads: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{id}/comments", place.files_path()),
            )
            .await,
    )
    .await;
    let flags: Vec<(&str, bool)> = threads
        .iter()
        .map(|t| (t["body"].as_str().unwrap(), t["unseen"].as_bool().unwrap()))
        .collect();
    assert!(
        flags.contains(&("later", true)) && flags.contains(&("theirs", false)),
        "{flags:?}"
    );
}

#[tokio::test]
async fn forty_visits_and_status_changes_at_once_all_succeed() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let id = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let seen = format!("{}/{id}/seen", place.files_path());
    let status = format!("{}/{id}/status", place.files_path());
    let states = [
        "approved",
        "in_progress",
        "needs_review",
        "changes_requested",
    ];
    let requests = (0..40).map(|i| {
        let (seen, status) = (seen.clone(), status.clone());
        let server = &server;
        let token = place.token.clone();
        async move {
            if i % 2 == 0 {
                server.post(&token, &seen, json!({})).await
            } else {
                let body = json!({ "status": states[i % states.len()] });
                server.send(Method::PUT, &token, &status, Some(body)).await
            }
        }
    });
    for res in futures_util::future::join_all(requests).await {
        assert!(res.status().is_success(), "{}", res.status());
    }
    let entries: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("api/projects/{}/activity?per_page=100", place.project),
            )
            .await,
    )
    .await;
    assert!(kinds(&entries).contains(&"status_change"));
}
