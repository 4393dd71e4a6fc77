//! Finding 9a: the server keeps accepting names people choose freely (Windows device names,
//! trailing dots, backslashes: the clients rename those on disk), but refuses control
//! characters and the bidi controls that make a name display as something else.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{error, TestServer};
use crate::tus_client::Place;

/// Names that deceive or break every client: refused everywhere with a field error.
const REFUSED: [&str; 7] = [
    "clip\u{202E}vom.exe",
    "a\u{202A}b",
    "a\u{202D}b",
    "a\u{2066}b",
    "a\u{2069}b",
    "bell\u{7}",
    "new\nline",
];

/// Names only some file systems mind: accepted here, given safe local names by the clients.
const ACCEPTED: [&str; 6] = [
    "con.",
    "NUL",
    "nul.txt",
    "..\\..\\evil",
    "a<b>c:d|e?f*",
    "end. ",
];

#[tokio::test]
async fn control_characters_and_bidi_overrides_are_422_everywhere() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let targets = [
        "api/projects".to_owned(),
        format!("api/projects/{}/folders", place.project),
        place.files_path(),
    ];
    for path in &targets {
        for name in REFUSED {
            let res = server
                .post(&place.token, path, json!({ "name": name }))
                .await;
            let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
            assert!(err.error.contains_key("name"), "{path} {name:?}");
        }
    }
    // Renaming is held to the same rule.
    let folder = format!("api/projects/{}/folders/{}", place.project, place.folder);
    let res = server
        .send(
            reqwest::Method::PATCH,
            &place.token,
            &folder,
            Some(json!({ "name": "x\u{202E}y" })),
        )
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn names_only_windows_minds_are_accepted() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    for (i, name) in ACCEPTED.into_iter().enumerate() {
        let project = server
            .post(&place.token, "api/projects", json!({ "name": name }))
            .await;
        assert_eq!(project.status(), StatusCode::CREATED, "project {name:?}");
        let folders = format!("api/projects/{}/folders", place.project);
        let folder = server
            .post(&place.token, &folders, json!({ "name": name }))
            .await;
        assert_eq!(folder.status(), StatusCode::CREATED, "folder {name:?}");
        let file = place.file(&server, name).await;
        let shown = place.show(&server, file).await;
        assert_eq!(shown["name"], name, "{i}");
    }
}

/// Finding 9d, decided: project names stay unique server-wide (see docs/security.md). What an
/// outsider learns from a clash is that the name is taken, nothing more: the answer is the same
/// as for a clash with their own project, and the project stays invisible to them.
#[tokio::test]
async fn a_taken_project_name_tells_an_outsider_only_that_it_is_taken() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let secret = server.project(&admin, "Merger Teaser").await;
    let eve = server.user_token("eve@example.org").await;
    server.project(&eve, "Eve's Reel").await;

    let answer = |name: &'static str| {
        let server = &server;
        let eve = &eve;
        async move {
            let res = server
                .post(eve, "api/projects", json!({ "name": name }))
                .await;
            assert_eq!(res.status(), StatusCode::CONFLICT);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let theirs = answer("Merger Teaser").await;
    let own = answer("Eve's Reel").await;
    assert_eq!(theirs, own, "a clash must not say whose project it is");
    assert_eq!(theirs["code"], "name_taken");

    let list = server.get(&eve, "api/projects").await;
    let list: serde_json::Value = list.json().await.unwrap();
    assert!(!list.to_string().contains("Merger Teaser"), "{list}");
    let res = server.get(&eve, &format!("api/projects/{secret}")).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}
