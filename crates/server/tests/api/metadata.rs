use reqwest::{Method, StatusCode};
use rushes_api::metadata::Metadata;
use serde_json::{json, Value};

use crate::common::{assert_status, data, error, TestServer};

/// A project with a folder holding one file, as the admin.
struct Setup {
    server: TestServer,
    token: String,
    project: i64,
    folder: i64,
    file: i64,
}

impl Setup {
    async fn new() -> Self {
        let server = TestServer::start().await;
        let token = server.admin_token().await;
        let project = server.project(&token, "P").await;
        let folder = server.folder(&token, project, None, "Day 1").await;
        let file = server.file(&token, project, folder, "A001.mov").await;
        Self {
            server,
            token,
            project,
            folder,
            file,
        }
    }

    fn file_path(&self) -> String {
        let Self {
            project,
            folder,
            file,
            ..
        } = self;
        format!("api/projects/{project}/folders/{folder}/files/{file}/metadata")
    }

    fn folder_path(&self) -> String {
        format!(
            "api/projects/{}/folders/{}/metadata",
            self.project, self.folder
        )
    }

    async fn send(&self, method: Method, path: &str, body: Value) -> reqwest::Response {
        self.server
            .send(method, &self.token, path, Some(body))
            .await
    }

    async fn read(&self, path: &str) -> Metadata {
        data(self.server.get(&self.token, path).await).await
    }
}

fn custom(m: &Metadata) -> Value {
    serde_json::to_value(&m.custom).unwrap()
}

#[tokio::test]
async fn a_new_file_has_no_custom_keys_and_an_empty_technical_block() {
    let s = Setup::new().await;
    let m = s.read(&s.file_path()).await;
    assert!(m.custom.is_empty());
    // Pending: the announced size is on the file record, not a measured fact.
    let technical = m.technical.expect("files have a technical block");
    assert_eq!(technical, Default::default());
}

#[tokio::test]
async fn technical_fields_come_from_the_file_and_its_probe() {
    let s = Setup::new().await;
    s.server.probed(s.file, 240).await;
    let t = s.read(&s.file_path()).await.technical.unwrap();
    assert_eq!(t.size, Some(4096));
    assert_eq!(t.sha256.as_deref(), Some("ab".repeat(32).as_str()));
    assert_eq!(t.framerate.as_deref(), Some("24000/1001"));
    assert!((t.fps.unwrap() - 23.976).abs() < 0.001);
    assert_eq!(t.frames, Some(240));
    assert!((t.duration.unwrap() - 10.01).abs() < 0.001);
    assert_eq!((t.width, t.height), (Some(1920), Some(1080)));
    assert_eq!(t.video_codec.as_deref(), Some("h264"));
    assert_eq!(t.audio_codec.as_deref(), Some("aac"));
    assert_eq!(t.start_timecode.as_deref(), Some("01:00:00:00"));
}

#[tokio::test]
async fn folders_have_custom_keys_and_no_technical_block() {
    let s = Setup::new().await;
    let body: Value = data(s.server.get(&s.token, &s.folder_path()).await).await;
    assert_eq!(body, json!({"custom": {}, "technical": null}));
    let put: Metadata = data(
        s.send(Method::PUT, &s.folder_path(), json!({"client": "ACME"}))
            .await,
    )
    .await;
    assert_eq!(custom(&put), json!({"client": "ACME"}));
    assert_eq!(put.technical, None);
    // Folder and file keys are separate.
    assert!(s.read(&s.file_path()).await.custom.is_empty());
}

#[tokio::test]
async fn put_replaces_every_custom_key() {
    let s = Setup::new().await;
    for path in [s.file_path(), s.folder_path()] {
        s.send(Method::PUT, &path, json!({"scene": "12", "take": "3"}))
            .await;
        let m: Metadata = data(
            s.send(
                Method::PUT,
                &path,
                json!({"scene": "14", "notes": "line\nbreak"}),
            )
            .await,
        )
        .await;
        assert_eq!(custom(&m), json!({"notes": "line\nbreak", "scene": "14"}));
        assert_eq!(custom(&s.read(&path).await), custom(&m));
        let empty: Metadata = data(s.send(Method::PUT, &path, json!({})).await).await;
        assert!(empty.custom.is_empty(), "{path}");
    }
}

#[tokio::test]
async fn patch_is_a_json_merge_patch() {
    let s = Setup::new().await;
    for path in [s.file_path(), s.folder_path()] {
        s.send(
            Method::PUT,
            &path,
            json!({"scene": "12", "take": "3", "lens": "35mm"}),
        )
        .await;
        let m: Metadata = data(
            s.send(
                Method::PATCH,
                &path,
                json!({"take": "4", "lens": null, "camera": "A", "never-there": null}),
            )
            .await,
        )
        .await;
        assert_eq!(
            custom(&m),
            json!({"camera": "A", "scene": "12", "take": "4"}),
            "{path}"
        );
        let same: Metadata = data(s.send(Method::PATCH, &path, json!({})).await).await;
        assert_eq!(same.custom, m.custom);
    }
}

#[tokio::test]
async fn bad_keys_and_values_are_422_by_key_and_change_nothing() {
    let s = Setup::new().await;
    let long_key = "k".repeat(129);
    let cases = [
        (json!({"": "x"}), ""),
        (json!({"  ": "x"}), "  "),
        (json!({long_key.clone(): "x"}), long_key.as_str()),
        (json!({"tab\there": "x"}), "tab\there"),
        (json!({"duration": "3"}), "duration"),
        (json!({"Width": "3"}), "Width"),
        (json!({"fps": "25"}), "fps"),
        (json!({"v": "x".repeat(4097)}), "v"),
        (json!({"v": "a\u{0}b"}), "v"),
        (json!({"v": 3}), "v"),
        (json!({"v": true}), "v"),
        (json!({"v": {"nested": "x"}}), "v"),
        (json!({"v": ["x"]}), "v"),
    ];
    for path in [s.file_path(), s.folder_path()] {
        s.send(Method::PUT, &path, json!({"keep": "me"})).await;
        for method in [Method::PUT, Method::PATCH] {
            for (body, field) in &cases {
                // Mixed with a valid key: nothing of the request is applied.
                let mut body = body.clone();
                body["fine"] = json!("ok");
                let res = s.send(method.clone(), &path, body).await;
                let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
                assert!(
                    err.error.contains_key(*field),
                    "{method} {field:?}: {err:?}"
                );
                assert!(!err.error.contains_key("fine"));
            }
        }
        // `null` removes a key in a merge patch but is no value for a replacement.
        let res = s.send(Method::PUT, &path, json!({"keep": null})).await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(custom(&s.read(&path).await), json!({"keep": "me"}));
    }
}

#[tokio::test]
async fn bodies_that_are_not_objects_are_refused() {
    let s = Setup::new().await;
    for body in [json!(["a"]), json!("a"), json!(null)] {
        let res = s.send(Method::PUT, &s.file_path(), body.clone()).await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let res = s
        .server
        .http
        .patch(s.server.url(&s.file_path()))
        .bearer_auth(&s.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    error(res, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn keys_and_values_at_their_limits_are_accepted() {
    let s = Setup::new().await;
    let key = "é".repeat(64);
    let body = json!({ key.clone(): "v".repeat(4096) });
    let m: Metadata = data(s.send(Method::PUT, &s.file_path(), body).await).await;
    assert_eq!(m.custom[&key].len(), 4096);
}

#[tokio::test]
async fn no_more_than_200_keys_after_the_change() {
    let s = Setup::new().await;
    let many = |n: usize, prefix: &str| -> Value {
        (0..n)
            .map(|i| (format!("{prefix}{i:03}"), json!("v")))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let path = s.file_path();
    let res = s.send(Method::PUT, &path, many(201, "k")).await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.error.contains_key("base"));
    assert!(s.read(&path).await.custom.is_empty());

    let full: Metadata = data(s.send(Method::PUT, &path, many(200, "k")).await).await;
    assert_eq!(full.custom.len(), 200);
    let res = s.send(Method::PATCH, &path, many(1, "extra")).await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.error.contains_key("base"));
    assert_eq!(s.read(&path).await.custom, full.custom);

    // Removing one makes room for another in the same patch.
    let swapped: Metadata = data(
        s.send(Method::PATCH, &path, json!({"k000": null, "extra0": "v"}))
            .await,
    )
    .await;
    assert_eq!(swapped.custom.len(), 200);
    assert!(swapped.custom.contains_key("extra0"));
}

#[tokio::test]
async fn ids_of_another_project_folder_or_file_are_404() {
    let s = Setup::new().await;
    let (p, f, id) = (s.project, s.folder, s.file);
    let other_folder = s.server.folder(&s.token, p, None, "Day 2").await;
    let q = s.server.project(&s.token, "Q").await;
    let q_folder = s.server.folder(&s.token, q, None, "Q1").await;
    let q_file = s.server.file(&s.token, q, q_folder, "B001.mov").await;
    let paths = [
        format!("api/projects/{p}/folders/{other_folder}/files/{id}/metadata"),
        format!("api/projects/{q}/folders/{f}/files/{id}/metadata"),
        format!("api/projects/{p}/folders/{f}/files/{q_file}/metadata"),
        format!("api/projects/{p}/folders/{q_folder}/files/{q_file}/metadata"),
        format!("api/projects/{p}/folders/{f}/files/999999/metadata"),
        format!("api/projects/{p}/folders/{f}/files/abc/metadata"),
        format!("api/projects/{p}/folders/{q_folder}/metadata"),
        format!("api/projects/999999/folders/{f}/metadata"),
        format!("api/projects/{p}/folders/999999/metadata"),
    ];
    for path in &paths {
        for method in [Method::GET, Method::PUT, Method::PATCH] {
            let res = s.send(method.clone(), path, json!({"a": "b"})).await;
            error(res, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    // Nothing was written to the real owners.
    let m = s
        .read(&format!(
            "api/projects/{q}/folders/{q_folder}/files/{q_file}/metadata"
        ))
        .await;
    assert!(m.custom.is_empty());
}

#[tokio::test]
async fn viewers_read_and_editors_write_metadata() {
    let s = Setup::new().await;
    let cast = s.server.cast(s.project).await;
    for path in [s.file_path(), s.folder_path()] {
        for (who, token, want) in cast.expect("viewer") {
            let res = s.server.get(token, &path).await;
            assert_status(who, res.status(), want);
        }
        for method in [Method::PUT, Method::PATCH] {
            for (who, token, want) in cast.expect("editor") {
                let body = json!({ "by": who });
                let res = s
                    .server
                    .send(method.clone(), token, &path, Some(body))
                    .await;
                assert_status(&format!("{method} {who}"), res.status(), want);
                if want != StatusCode::OK {
                    let code = if want == StatusCode::FORBIDDEN {
                        "forbidden"
                    } else {
                        "not_found"
                    };
                    error(res, want, code).await;
                }
            }
        }
    }
}

#[tokio::test]
async fn a_folder_grant_covers_the_files_inside_and_nothing_above() {
    let s = Setup::new().await;
    let inner = s
        .server
        .folder(&s.token, s.project, Some(s.folder), "A-cam")
        .await;
    let clip = s.server.file(&s.token, s.project, inner, "A002.mov").await;
    let token = s.server.user_token("grip@rushes.test").await;
    s.server
        .grant_folder(inner, "grip@rushes.test", "editor")
        .await;

    let clip_path = format!(
        "api/projects/{}/folders/{inner}/files/{clip}/metadata",
        s.project
    );
    let res = s
        .server
        .send(
            Method::PATCH,
            &token,
            &clip_path,
            Some(json!({"lens": "50mm"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let folder_path = format!("api/projects/{}/folders/{inner}/metadata", s.project);
    let res = s
        .server
        .send(Method::PUT, &token, &folder_path, Some(json!({"cam": "A"})))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // They pass through the outer folder to reach theirs, but may not see into it.
    for path in [s.folder_path(), s.file_path()] {
        error(
            s.server.get(&token, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}
