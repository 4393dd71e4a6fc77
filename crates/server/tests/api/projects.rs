use reqwest::StatusCode;
use rushes_api::projects::Project;
use serde_json::{json, Value};

use crate::common::{data, error, TestServer};

#[tokio::test]
async fn created_project_is_enveloped_with_201() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let res = server
        .post(
            &token,
            "api/projects",
            json!({ "name": "Night Shoot", "description": "Reel 1" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], 201);
    assert_eq!(body["status_message"], "Created");
    assert_eq!(body["info"], "");
    assert_eq!(body["data"]["name"], "Night Shoot");
    assert_eq!(body["data"]["description"], "Reel 1");
    assert!(body["data"]["id"].is_i64());
    assert!(body["data"]["created_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn projects_are_listed_by_name_and_read_by_id() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let b = server.project(&token, "B-roll").await;
    let a = server.project(&token, "A-cam").await;

    let res = server.get(&token, "api/projects").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["total"], "2");
    let list: Vec<Project> = data(res).await;
    assert_eq!(list.iter().map(|p| p.id).collect::<Vec<_>>(), [a, b]);

    let one: Project = data(server.get(&token, &format!("api/projects/{b}")).await).await;
    assert_eq!(one.name, "B-roll");
    assert_eq!(one.description, "");
}

#[tokio::test]
async fn unknown_project_is_404() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    error(
        server.get(&token, "api/projects/999").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        server.get(&token, "api/projects/abc").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn creator_becomes_manager_and_sees_the_project() {
    let server = TestServer::start().await;
    let token = server.user_token("maker@rushes.test").await;
    let id = server.project(&token, "Mine").await;
    let list: Vec<Project> = data(server.get(&token, "api/projects").await).await;
    assert_eq!(list.iter().map(|p| p.id).collect::<Vec<_>>(), [id]);
    // Managers may create folders in it.
    server.folder(&token, id, None, "Day 01").await;
}

#[tokio::test]
async fn duplicate_project_name_is_409_name_taken() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    server.project(&token, "Night Shoot").await;
    let res = server
        .post(&token, "api/projects", json!({ "name": "Night Shoot" }))
        .await;
    let err = error(res, StatusCode::CONFLICT, "name_taken").await;
    assert_eq!(err.error["name"], ["has already been taken"]);
}

#[tokio::test]
async fn invalid_project_names_are_422_with_field_errors() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let long = "x".repeat(256);
    for name in [
        "",
        "   ",
        "a/b",
        ".",
        "..",
        "tab\there",
        "nul\0",
        long.as_str(),
    ] {
        let res = server
            .post(&token, "api/projects", json!({ "name": name }))
            .await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.error["name"].len(), 1, "{name:?}: {err:?}");
    }
}

#[tokio::test]
async fn long_description_is_422_alongside_a_bad_name() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let res = server
        .post(
            &token,
            "api/projects",
            json!({ "name": "", "description": "d".repeat(4097) }),
        )
        .await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.error.contains_key("name"));
    assert!(err.error.contains_key("description"));
}
