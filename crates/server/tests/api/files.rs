//! File records: creation, names, listing with sort and filter, rename, move, delete.

use reqwest::{Method, StatusCode};
use rushes_api::files::{File, FileState};
use serde_json::json;

use crate::common::{data, error, TestServer};

fn files_path(p: i64, f: i64) -> String {
    format!("api/projects/{p}/folders/{f}/files")
}

#[tokio::test]
async fn a_file_record_is_created_pending_with_a_guessed_type() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Feature").await;
    let f = server.folder(&token, p, None, "Day 01").await;
    let res = server
        .post(
            &token,
            &files_path(p, f),
            json!({"name": "A001C003.mov", "size": 1234}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let file: File = data(res).await;
    assert_eq!(file.name, "A001C003.mov");
    assert_eq!(file.state, FileState::Pending);
    assert_eq!(file.size, Some(1234));
    assert_eq!(file.content_type, "video/quicktime");
    assert_eq!((file.project_id, file.folder_id), (p, f));
    assert_eq!(file.sha256, None);
    assert!(!file.has_poster);

    let res = server
        .post(
            &token,
            &files_path(p, f),
            json!({"name": "notes", "content_type": "text/plain"}),
        )
        .await;
    let notes: File = data(res).await;
    assert_eq!(notes.content_type, "text/plain");

    let got: File = data(
        server
            .get(&token, &format!("{}/{}", files_path(p, f), file.id))
            .await,
    )
    .await;
    assert_eq!(got, file);

    // Pending files have nothing to download yet.
    let res = server
        .get(
            &token,
            &format!("{}/{}/download", files_path(p, f), file.id),
        )
        .await;
    error(res, StatusCode::CONFLICT, "conflict").await;
}

#[tokio::test]
async fn file_names_follow_the_rules_and_are_unique_in_a_folder() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Rules").await;
    let f = server.folder(&token, p, None, "Day 01").await;
    server.folder(&token, p, Some(f), "Sound").await;
    server.file(&token, p, f, "clip.mov").await;

    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "a/b"}), "name"),
        (json!({"name": ".."}), "name"),
        (json!({"name": "bad\u{0}name"}), "name"),
        (json!({"name": "x".repeat(256)}), "name"),
        (json!({"name": "ok.mov", "size": -1}), "size"),
        (
            json!({"name": "ok.mov", "content_type": "not a type"}),
            "content_type",
        ),
    ] {
        let res = server.post(&token, &files_path(p, f), body.clone()).await;
        let e = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(e.error.contains_key(field), "{body}: {:?}", e.error);
    }
    let res = server
        .post(&token, &files_path(p, f), json!({"name": 7}))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    // Taken by a file, and by a folder: files and folders share a folder's namespace.
    for taken in ["clip.mov", "Sound"] {
        let res = server
            .post(&token, &files_path(p, f), json!({"name": taken}))
            .await;
        error(res, StatusCode::CONFLICT, "name_taken").await;
    }
    let res = server
        .post(
            &token,
            &format!("api/projects/{p}/folders"),
            json!({"name": "clip.mov", "parent_id": f}),
        )
        .await;
    error(res, StatusCode::CONFLICT, "name_taken").await;
}

#[tokio::test]
async fn ids_of_another_folder_or_project_are_not_found() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "One").await;
    let q = server.project(&token, "Two").await;
    let f = server.folder(&token, p, None, "A").await;
    let g = server.folder(&token, p, None, "B").await;
    let h = server.folder(&token, q, None, "C").await;
    let id = server.file(&token, p, f, "clip.mov").await;

    for path in [
        format!("{}/{id}", files_path(p, g)),
        format!("{}/{id}", files_path(q, h)),
        format!("{}/{id}", files_path(q, f)),
        format!("{}/999999", files_path(p, f)),
        files_path(p, 999_999),
        files_path(q, f),
        format!("{}/{id}/download", files_path(p, g)),
    ] {
        error(
            server.get(&token, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let res = server
        .post(&token, &files_path(q, f), json!({"name": "x.mov"}))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    // Moving a file into a folder of another project.
    let res = server
        .send(
            Method::PATCH,
            &token,
            &format!("{}/{id}", files_path(p, f)),
            Some(json!({"folder_id": h})),
        )
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn files_are_listed_sorted_and_filtered() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Lists").await;
    let f = server.folder(&token, p, None, "Cards").await;
    for (name, size) in [
        ("b.mov", 30),
        ("A.mov", 10),
        ("c.wav", 20),
        ("50%_off.txt", 5),
    ] {
        let res = server
            .post(
                &token,
                &files_path(p, f),
                json!({"name": name, "size": size}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let names = |files: Vec<File>| files.into_iter().map(|f| f.name).collect::<Vec<_>>();
    let list = |query: &str| {
        let path = format!("{}?{query}", files_path(p, f));
        let server = &server;
        let token = &token;
        async move { server.get(token, &path).await }
    };

    let res = list("").await;
    assert_eq!(res.headers()["total"], "4");
    assert_eq!(
        names(data(res).await),
        ["50%_off.txt", "A.mov", "b.mov", "c.wav"]
    );
    assert_eq!(
        names(data(list("sort=size&order=desc").await).await),
        ["b.mov", "c.wav", "A.mov", "50%_off.txt"]
    );
    assert_eq!(
        names(data(list("sort=created_at").await).await),
        ["b.mov", "A.mov", "c.wav", "50%_off.txt"]
    );
    let res = list("name=MOV").await;
    assert_eq!(res.headers()["total"], "2");
    assert_eq!(names(data(res).await), ["A.mov", "b.mov"]);
    // Wildcards in the filter are taken literally.
    assert_eq!(names(data(list("name=%25_").await).await), ["50%_off.txt"]);
    assert!(names(data(list("name=_o_").await).await).is_empty());
    let res = list("per_page=2&page=2&sort=name").await;
    assert_eq!(names(data(res).await), ["b.mov", "c.wav"]);

    for (query, field) in [("sort=colour", "sort"), ("order=up", "order")] {
        let e = error(
            list(query).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(e.error.contains_key(field));
    }
}

#[tokio::test]
async fn files_are_renamed_moved_and_deleted() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "Edit").await;
    let a = server.folder(&token, p, None, "A").await;
    let b = server.folder(&token, p, None, "B").await;
    let id = server.file(&token, p, a, "clip.mov").await;
    server.file(&token, p, b, "taken.mov").await;
    let path = format!("{}/{id}", files_path(p, a));

    let renamed: File = data(
        server
            .send(
                Method::PATCH,
                &token,
                &path,
                Some(json!({"name": "A001.mov"})),
            )
            .await,
    )
    .await;
    assert_eq!(renamed.name, "A001.mov");
    assert!(renamed.updated_at >= renamed.created_at);

    let res = server
        .send(Method::PATCH, &token, &path, Some(json!({"name": "x/y"})))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = server
        .send(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"name": "taken.mov", "folder_id": b})),
        )
        .await;
    error(res, StatusCode::CONFLICT, "name_taken").await;

    let moved: File = data(
        server
            .send(Method::PATCH, &token, &path, Some(json!({"folder_id": b})))
            .await,
    )
    .await;
    assert_eq!((moved.folder_id, moved.name.as_str()), (b, "A001.mov"));
    // Now it lives in B only.
    error(
        server.get(&token, &path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let new_path = format!("{}/{id}", files_path(p, b));
    let res = server.send(Method::DELETE, &token, &new_path, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(
        server.get(&token, &new_path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let res = server.send(Method::DELETE, &token, &new_path, None).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}
