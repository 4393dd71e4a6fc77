//! Changing and deleting projects, and who may.

use reqwest::{Method, StatusCode};
use rushes_api::projects::Project;
use serde_json::json;

use crate::common::{data, error, TestServer};

#[tokio::test]
async fn managers_rename_and_describe_a_project() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Working Title").await;
    server.project(&token, "Taken").await;
    let path = format!("api/projects/{p}");

    let changed: Project = data(
        server
            .send(
                Method::PATCH,
                &token,
                &path,
                Some(json!({"name": "Final Title", "description": "Feature, 2026"})),
            )
            .await,
    )
    .await;
    assert_eq!(changed.name, "Final Title");
    assert_eq!(changed.description, "Feature, 2026");
    let only_description: Project = data(
        server
            .send(
                Method::PATCH,
                &token,
                &path,
                Some(json!({"description": ""})),
            )
            .await,
    )
    .await;
    assert_eq!(only_description.name, "Final Title");

    let res = server
        .send(Method::PATCH, &token, &path, Some(json!({"name": "Taken"})))
        .await;
    error(res, StatusCode::CONFLICT, "name_taken").await;
    for body in [
        json!({"name": ""}),
        json!({"description": "x".repeat(5000)}),
        json!({"name": "a/b"}),
    ] {
        let res = server.send(Method::PATCH, &token, &path, Some(body)).await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }

    for role in ["viewer", "commenter", "editor"] {
        let email = format!("{role}@rushes.test");
        let other = server.user_token(&email).await;
        server.grant(p, &email, role).await;
        let res = server
            .send(Method::PATCH, &other, &path, Some(json!({"name": "Mine"})))
            .await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = server.send(Method::DELETE, &other, &path, None).await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

#[tokio::test]
async fn deleting_a_project_removes_it_with_its_folders() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Gone").await;
    let f = server.folder(&token, p, None, "A").await;
    server.file(&token, p, f, "clip.mov").await;
    let res = server
        .send(Method::DELETE, &token, &format!("api/projects/{p}"), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for path in [
        format!("api/projects/{p}"),
        format!("api/projects/{p}/folders/{f}"),
    ] {
        error(
            server.get(&token, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    // The name is free again.
    assert!(server.project(&token, "Gone").await > 0);
}
