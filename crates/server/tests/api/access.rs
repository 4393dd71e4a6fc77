use reqwest::StatusCode;
use rushes_api::projects::Project;
use serde_json::json;

use crate::common::{data, error, TestServer};

#[tokio::test]
async fn non_members_are_told_projects_do_not_exist() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "Secret").await;
    let f = server.folder(&admin, p, None, "Day 01").await;

    let outsider = server.user_token("outsider@rushes.test").await;
    let listed: Vec<Project> = data(server.get(&outsider, "api/projects").await).await;
    assert!(listed.is_empty());
    for path in [
        format!("api/projects/{p}"),
        format!("api/projects/{p}/folders"),
        format!("api/projects/{p}/folders/{f}"),
        format!("api/projects/{p}/folders/{f}/children"),
    ] {
        error(
            server.get(&outsider, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let res = server
        .post(
            &outsider,
            &format!("api/projects/{p}/folders"),
            json!({ "name": "Mine" }),
        )
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn admins_see_every_project() {
    let server = TestServer::start().await;
    let user = server.user_token("maker@rushes.test").await;
    let p = server.project(&user, "Theirs").await;
    let admin = server.admin_token().await;
    let listed: Vec<Project> = data(server.get(&admin, "api/projects").await).await;
    assert_eq!(listed.iter().map(|p| p.id).collect::<Vec<_>>(), [p]);
    server.folder(&admin, p, None, "Admin was here").await;
}

#[tokio::test]
async fn viewers_and_commenters_read_but_may_not_create_folders() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "Shared").await;
    server.folder(&admin, p, None, "Day 01").await;

    for (email, role) in [
        ("viewer@rushes.test", "viewer"),
        ("commenter@rushes.test", "commenter"),
    ] {
        let token = server.user_token(email).await;
        server.grant(p, email, role).await;
        assert_eq!(
            server
                .get(&token, &format!("api/projects/{p}"))
                .await
                .status(),
            StatusCode::OK
        );
        assert_eq!(
            server
                .get(&token, &format!("api/projects/{p}/folders"))
                .await
                .status(),
            StatusCode::OK
        );
        let res = server
            .post(
                &token,
                &format!("api/projects/{p}/folders"),
                json!({ "name": "Nope" }),
            )
            .await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }

    let editor = server.user_token("editor@rushes.test").await;
    server.grant(p, "editor@rushes.test", "editor").await;
    server.folder(&editor, p, None, "Day 02").await;
}
