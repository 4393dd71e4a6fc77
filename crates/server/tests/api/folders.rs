use reqwest::StatusCode;
use rushes_api::folders::Folder;
use serde_json::json;

use crate::common::{data, error, TestServer};

#[tokio::test]
async fn nested_folders_are_created_and_listed_per_parent() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Night Shoot").await;
    let day2 = server.folder(&token, p, None, "Day 02").await;
    let day1 = server.folder(&token, p, None, "Day 01").await;
    let cam_b = server.folder(&token, p, Some(day1), "B-cam").await;
    let cam_a = server.folder(&token, p, Some(day1), "A-cam").await;

    let top: Vec<Folder> = data(
        server
            .get(&token, &format!("api/projects/{p}/folders"))
            .await,
    )
    .await;
    assert_eq!(top.iter().map(|f| f.id).collect::<Vec<_>>(), [day1, day2]);
    assert!(top
        .iter()
        .all(|f| f.parent_id.is_none() && f.project_id == p));

    let inside: Vec<Folder> = data(
        server
            .get(
                &token,
                &format!("api/projects/{p}/folders?parent_id={day1}"),
            )
            .await,
    )
    .await;
    assert_eq!(
        inside.iter().map(|f| f.id).collect::<Vec<_>>(),
        [cam_a, cam_b]
    );

    let children: Vec<Folder> = data(
        server
            .get(&token, &format!("api/projects/{p}/folders/{day1}/children"))
            .await,
    )
    .await;
    assert_eq!(children, inside);

    let empty: Vec<Folder> = data(
        server
            .get(&token, &format!("api/projects/{p}/folders/{day2}/children"))
            .await,
    )
    .await;
    assert!(empty.is_empty());

    let one: Folder = data(
        server
            .get(&token, &format!("api/projects/{p}/folders/{cam_a}"))
            .await,
    )
    .await;
    assert_eq!(one.name, "A-cam");
    assert_eq!(one.parent_id, Some(day1));
}

#[tokio::test]
async fn sibling_names_are_unique_but_cousins_may_share_them() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "P").await;
    let a = server.folder(&token, p, None, "A").await;
    let b = server.folder(&token, p, None, "B").await;
    server.folder(&token, p, Some(a), "Audio").await;
    server.folder(&token, p, Some(b), "Audio").await;

    let dup_top = server
        .post(
            &token,
            &format!("api/projects/{p}/folders"),
            json!({ "name": "A" }),
        )
        .await;
    let err = error(dup_top, StatusCode::CONFLICT, "name_taken").await;
    assert_eq!(err.error["name"], ["has already been taken"]);
    let dup_nested = server
        .post(
            &token,
            &format!("api/projects/{p}/folders"),
            json!({ "name": "Audio", "parent_id": a }),
        )
        .await;
    error(dup_nested, StatusCode::CONFLICT, "name_taken").await;

    // Another project has its own top level.
    let q = server.project(&token, "Q").await;
    server.folder(&token, q, None, "A").await;
}

#[tokio::test]
async fn invalid_folder_names_are_422() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "P").await;
    for name in ["", " ", "a/b", "..", "line\nbreak"] {
        let res = server
            .post(
                &token,
                &format!("api/projects/{p}/folders"),
                json!({ "name": name }),
            )
            .await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(err.error.contains_key("name"), "{name:?}");
    }
}

#[tokio::test]
async fn folders_of_another_project_or_unknown_ids_are_404() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "P").await;
    let q = server.project(&token, "Q").await;
    let in_q = server.folder(&token, q, None, "Only in Q").await;

    for path in [
        format!("api/projects/{p}/folders/{in_q}"),
        format!("api/projects/{p}/folders/{in_q}/children"),
        format!("api/projects/{p}/folders?parent_id={in_q}"),
        format!("api/projects/{p}/folders/999"),
        "api/projects/999/folders".to_string(),
    ] {
        error(
            server.get(&token, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let into_other = server
        .post(
            &token,
            &format!("api/projects/{p}/folders"),
            json!({ "name": "X", "parent_id": in_q }),
        )
        .await;
    error(into_other, StatusCode::NOT_FOUND, "not_found").await;
}
