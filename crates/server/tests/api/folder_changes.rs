//! Renaming, moving and deleting folders; folder grants and what they let a user see.

use reqwest::{Method, StatusCode};
use rushes_api::folders::Folder;
use rushes_api::projects::Project;
use serde_json::json;

use crate::common::{data, error, TestServer};

fn folder_path(p: i64, f: i64) -> String {
    format!("api/projects/{p}/folders/{f}")
}

#[tokio::test]
async fn folders_are_renamed_and_moved_without_cycles() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Tree").await;
    let a = server.folder(&token, p, None, "A").await;
    let b = server.folder(&token, p, Some(a), "B").await;
    let c = server.folder(&token, p, Some(b), "C").await;
    let d = server.folder(&token, p, None, "D").await;
    let patch = |id: i64, body: serde_json::Value| {
        let path = folder_path(p, id);
        let (server, token) = (&server, &token);
        async move { server.send(Method::PATCH, token, &path, Some(body)).await }
    };

    let renamed: Folder = data(patch(b, json!({"name": "B2"})).await).await;
    assert_eq!((renamed.name.as_str(), renamed.parent_id), ("B2", Some(a)));

    // Into itself or anything below it.
    for target in [a, b, c] {
        let e = error(
            patch(a, json!({"parent_id": target})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(e.error.contains_key("parent_id"), "{:?}", e.error);
    }
    let moved: Folder = data(patch(c, json!({"parent_id": d})).await).await;
    assert_eq!(moved.parent_id, Some(d));
    let top: Folder = data(patch(c, json!({"parent_id": null})).await).await;
    assert_eq!(top.parent_id, None);
    // Leaving parent_id out keeps the folder where it is.
    let same: Folder = data(patch(c, json!({"name": "C2"})).await).await;
    assert_eq!(same.parent_id, None);

    error(
        patch(c, json!({"name": "D"})).await,
        StatusCode::CONFLICT,
        "name_taken",
    )
    .await;
    error(
        patch(c, json!({"name": ""})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    error(
        patch(c, json!({"parent_id": 999_999})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let q = server.project(&token, "Elsewhere").await;
    let other = server.folder(&token, q, None, "X").await;
    error(
        patch(c, json!({"parent_id": other})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn deleting_a_folder_removes_everything_below_it() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Delete").await;
    let a = server.folder(&token, p, None, "A").await;
    let b = server.folder(&token, p, Some(a), "B").await;
    let keep = server.folder(&token, p, None, "Keep").await;
    let file = server.file(&token, p, b, "clip.mov").await;
    let kept = server.file(&token, p, keep, "clip.mov").await;

    let res = server
        .send(Method::DELETE, &token, &folder_path(p, a), None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for path in [
        folder_path(p, a),
        folder_path(p, b),
        format!("{}/files/{file}", folder_path(p, b)),
    ] {
        error(
            server.get(&token, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let res = server
        .get(&token, &format!("{}/files/{kept}", folder_path(p, keep)))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = server
        .send(Method::DELETE, &token, &folder_path(p, a), None)
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

/// Grants a folder role straight in the database.
async fn grant_folder(server: &TestServer, folder: i64, email: &str, role: &str) {
    let pool = server.db().await;
    sqlx::query(
        "INSERT INTO folder_members (folder_id, user_id, project_id, role, created_at) \
         SELECT f.id, u.id, f.project_id, $2, 0 FROM folders f, users u \
         WHERE f.id = $1 AND u.email = $3",
    )
    .bind(folder)
    .bind(role)
    .bind(email)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn a_folder_grant_covers_its_subfolders_and_shows_the_way_there() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "Shared").await;
    let day = server.folder(&admin, p, None, "Day 01").await;
    let cam = server.folder(&admin, p, Some(day), "A-cam").await;
    let card = server.folder(&admin, p, Some(cam), "Card 1").await;
    let sound = server.folder(&admin, p, Some(day), "Sound").await;
    let other_day = server.folder(&admin, p, None, "Day 02").await;
    let secret = server.file(&admin, p, day, "secret.mov").await;
    let clip = server.file(&admin, p, card, "clip.mov").await;
    let q = server.project(&admin, "Other").await;

    let guest = server.user_token("dit@rushes.test").await;
    grant_folder(&server, cam, "dit@rushes.test", "editor").await;

    // The project shows up, with only the way to the granted folder.
    let projects: Vec<Project> = data(server.get(&guest, "api/projects").await).await;
    assert_eq!(projects.iter().map(|p| p.id).collect::<Vec<_>>(), [p]);
    let top: Vec<Folder> = data(
        server
            .get(&guest, &format!("api/projects/{p}/folders"))
            .await,
    )
    .await;
    assert_eq!(top.iter().map(|f| f.id).collect::<Vec<_>>(), [day]);
    let res = server
        .get(&guest, &format!("{}/children", folder_path(p, day)))
        .await;
    assert_eq!(res.headers()["total"], "1");
    let inside: Vec<Folder> = data(res).await;
    assert_eq!(inside.iter().map(|f| f.id).collect::<Vec<_>>(), [cam]);
    // Passing through shows no files.
    let res = server
        .get(&guest, &format!("{}/files", folder_path(p, day)))
        .await;
    assert_eq!(res.headers()["total"], "0");
    for path in [
        format!("{}/files/{secret}", folder_path(p, day)),
        folder_path(p, sound),
        folder_path(p, other_day),
        format!("api/projects/{q}"),
    ] {
        error(
            server.get(&guest, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    // Inside the grant, the role applies all the way down.
    let res = server
        .get(&guest, &format!("{}/files/{clip}", folder_path(p, card)))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = server
        .post(
            &guest,
            &format!("{}/files", folder_path(p, card)),
            json!({"name": "new.mov"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Not above it: no folders at the top, no renaming the folder it passes through.
    let res = server
        .post(
            &guest,
            &format!("api/projects/{p}/folders"),
            json!({"name": "Mine"}),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = server
        .send(
            Method::PATCH,
            &guest,
            &folder_path(p, day),
            Some(json!({"name": "Renamed"})),
        )
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    // Nor moving the granted folder out to a place they cannot edit.
    let res = server
        .send(
            Method::PATCH,
            &guest,
            &folder_path(p, card),
            Some(json!({"parent_id": sound})),
        )
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = server
        .send(
            Method::PATCH,
            &guest,
            &folder_path(p, cam),
            Some(json!({"parent_id": null})),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
}
