//! Versions: a new version of a file is a pending record filled by an upload, which becomes the
//! entry's head only once its bytes are complete; listings show heads; each version keeps its
//! own bytes and comments; deleting one falls back, deleting the entry deletes all; downloads
//! name the version; review links cover every version of what they share.

use reqwest::header::{CONTENT_DISPOSITION, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{data, error, TestServer};
use crate::media::upload;
use crate::review_links::{guest, share};
use crate::tus_client::{bytes, metadata, Place, Tus};

/// `POST .../files/{id}/versions`: the new pending version's record.
pub async fn new_version(server: &TestServer, place: &Place, id: i64) -> Value {
    let res = server
        .post(
            &place.token,
            &format!("{}/{id}/versions", place.files_path()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    data(res).await
}

/// Uploads `content` as a new version of the entry of file `id`; returns the version's id.
pub async fn upload_version(server: &TestServer, place: &Place, id: i64, content: &[u8]) -> i64 {
    let made = new_version(server, place, id).await;
    let version = made["id"].as_i64().unwrap();
    let tus = Tus::new(server, &place.token);
    let meta = metadata(&[("file_id", &version.to_string()), ("expect_pending", "")]);
    let url = tus.create_ok(content.len() as u64, &meta).await;
    let res = tus.send_all(&url, content, 0, 1024 * 1024).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    version
}

/// The folder's listing: (id, version, version_count) of each entry.
pub async fn listing(server: &TestServer, place: &Place) -> Vec<(i64, i64, i64)> {
    let res = server.get(&place.token, &place.files_path()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let files: Vec<Value> = data(res).await;
    files
        .iter()
        .map(|f| {
            (
                f["id"].as_i64().unwrap(),
                f["version"].as_i64().unwrap(),
                f["version_count"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The `Content-Disposition` of the download of file `id`.
async fn disposition(server: &TestServer, place: &Place, id: i64) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = http
        .get(server.url(&format!("{}/{id}/download", place.files_path())))
        .bearer_auth(&place.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let signed = res.headers()[LOCATION].to_str().unwrap().to_owned();
    let res = server.http.get(signed).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_new_version_becomes_the_head_only_once_its_bytes_are_complete() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(1000)).await;
    assert!(disposition(&server, &place, v1)
        .await
        .contains("filename=\"A001.mov\""));

    let made = new_version(&server, &place, v1).await;
    let v2 = made["id"].as_i64().unwrap();
    assert_eq!(made["version"], 2);
    assert_eq!(made["stack_id"], v1);
    assert_eq!(made["state"], "pending");
    assert_eq!(made["name"], "A001.mov");

    // Half-way through the upload the folder still shows v1.
    let content = bytes(3000);
    let tus = Tus::new(&server, &place.token);
    let meta = metadata(&[("file_id", &v2.to_string()), ("expect_pending", "")]);
    let url = tus.create_ok(content.len() as u64, &meta).await;
    let res = tus.patch(&url, 0, content[..1500].to_vec()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(listing(&server, &place).await, vec![(v1, 1, 1)]);
    let versions: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{v1}/versions", place.files_path()),
            )
            .await,
    )
    .await;
    let states: Vec<(&str, i64)> = versions
        .iter()
        .map(|v| (v["state"].as_str().unwrap(), v["version"].as_i64().unwrap()))
        .collect();
    assert_eq!(states, vec![("pending", 2), ("ready", 1)]);

    let res = tus.patch(&url, 1500, content[1500..].to_vec()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(listing(&server, &place).await, vec![(v2, 2, 2)]);

    // Any version's id lists them all, newest first; each version is its own file.
    let versions: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{v2}/versions", place.files_path()),
            )
            .await,
    )
    .await;
    let ids: Vec<i64> = versions.iter().map(|v| v["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![v2, v1]);
    assert_eq!(place.show(&server, v1).await["version"], 1);
    assert_eq!(place.show(&server, v2).await["size"], 3000);
    assert_eq!(place.download(&server, v1).await, bytes(1000));
    assert_eq!(place.download(&server, v2).await, content);

    // Saved side by side, the downloads do not overwrite each other.
    assert!(disposition(&server, &place, v2)
        .await
        .contains("filename=\"A001_v2.mov\""));
    assert!(disposition(&server, &place, v1)
        .await
        .contains("filename=\"A001_v1.mov\""));
}

#[tokio::test]
async fn deleting_a_version_falls_back_and_the_only_one_is_refused() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let v2 = upload_version(&server, &place, v1, &bytes(200)).await;
    for (id, body) in [(v1, "on one"), (v2, "on two")] {
        let res = server
            .post(
                &place.token,
                &format!("{}/{id}/comments", place.files_path()),
                json!({ "body": body }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    // Comments stay on their version.
    let on_v1: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{v1}/comments", place.files_path()),
            )
            .await,
    )
    .await;
    assert_eq!(on_v1.len(), 1);
    assert_eq!(on_v1[0]["body"], "on one");

    let delete = |id: i64| {
        let path = format!("{}/{id}/version", place.files_path());
        let token = place.token.clone();
        let server = &server;
        async move { server.send(Method::DELETE, &token, &path, None).await }
    };
    assert_eq!(delete(v2).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(listing(&server, &place).await, vec![(v1, 1, 1)]);
    let res = server
        .get(&place.token, &format!("{}/{v2}", place.files_path()))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let on_v1: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{v1}/comments", place.files_path()),
            )
            .await,
    )
    .await;
    assert_eq!(on_v1.len(), 1);

    let refused = error(delete(v1).await, StatusCode::CONFLICT, "conflict").await;
    let message = format!("{:?}", refused.error);
    assert!(message.contains("only version"), "{message}");
    assert_eq!(listing(&server, &place).await, vec![(v1, 1, 1)]);

    // A new version is numbered after the highest there is; deleting the older of two keeps
    // the newer as it is.
    let again = upload_version(&server, &place, v1, &bytes(300)).await;
    assert_eq!(listing(&server, &place).await, vec![(again, 2, 2)]);
    assert_eq!(delete(v1).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(listing(&server, &place).await, vec![(again, 2, 1)]);
}

#[tokio::test]
async fn deleting_the_file_deletes_every_versions_bytes() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let v2 = upload_version(&server, &place, v1, &bytes(200)).await;
    let pool = server.db().await;
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT storage_key FROM files WHERE id IN ($1, $2)")
            .bind(v1)
            .bind(v2)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(keys.len(), 2);
    let paths: Vec<_> = keys
        .iter()
        .map(|k| server.dir.path().join("media").join(k))
        .collect();
    assert!(paths.iter().all(|p| p.exists()));

    let res = server
        .send(
            Method::DELETE,
            &place.token,
            &format!("{}/{v2}", place.files_path()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(listing(&server, &place).await.is_empty());
    for id in [v1, v2] {
        let res = server
            .get(&place.token, &format!("{}/{id}", place.files_path()))
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    assert!(paths.iter().all(|p| !p.exists()), "{paths:?}");
    pool.close().await;
}

#[tokio::test]
async fn renaming_and_moving_apply_to_every_version() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let other = server
        .folder(&place.token, place.project, None, "Day 2")
        .await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let v2 = upload_version(&server, &place, v1, &bytes(200)).await;
    // The name of an entry stays free for nothing else, versions or not.
    let res = server
        .post(
            &place.token,
            &place.files_path(),
            json!({ "name": "A001.mov" }),
        )
        .await;
    error(res, StatusCode::CONFLICT, "name_taken").await;

    let res = server
        .send(
            Method::PATCH,
            &place.token,
            &format!("{}/{v1}", place.files_path()),
            Some(json!({ "name": "Take 1.mov", "folder_id": other })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let moved = format!("api/projects/{}/folders/{other}/files", place.project);
    for id in [v1, v2] {
        let file: Value = data(server.get(&place.token, &format!("{moved}/{id}")).await).await;
        assert_eq!(file["name"], "Take 1.mov");
        assert_eq!(file["folder_id"], other);
    }
    let heads: Vec<Value> = data(server.get(&place.token, &moved).await).await;
    assert_eq!(heads.len(), 1);
    assert_eq!(heads[0]["id"], v2);
}

#[tokio::test]
async fn concurrent_new_versions_get_distinct_numbers() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let path = format!("{}/{v1}/versions", place.files_path());
    let requests = (0..40).map(|_| server.post(&place.token, &path, json!({})));
    let answers = futures_util::future::join_all(requests).await;
    let mut numbers = Vec::new();
    for res in answers {
        assert_eq!(res.status(), StatusCode::CREATED);
        let made: Value = data(res).await;
        numbers.push(made["version"].as_i64().unwrap());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (2..=41).collect::<Vec<i64>>());
    // None of them is shown until its bytes arrive.
    assert_eq!(listing(&server, &place).await, vec![(v1, 1, 1)]);
}

#[tokio::test]
async fn a_file_link_covers_every_version_of_its_file() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let (_, token) = share(
        &server,
        &place.token,
        place.project,
        json!({ "file_id": v1, "permission": "view" }),
    )
    .await;
    let guest = guest(&server, &token, "Client").await;
    let v2 = upload_version(&server, &place, v1, &bytes(200)).await;

    let file: Value = data(guest.get(&server, &format!("api/guest/files/{v2}")).await).await;
    assert_eq!(file["version"], 2);
    let versions: Vec<Value> = data(
        guest
            .get(&server, &format!("api/guest/files/{v1}/versions"))
            .await,
    )
    .await;
    let ids: Vec<i64> = versions.iter().map(|v| v["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![v2, v1]);

    // The link outlives the version it was made on.
    let res = server
        .send(
            Method::DELETE,
            &place.token,
            &format!("{}/{v1}/version", place.files_path()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = guest.get(&server, &format!("api/guest/files/{v2}")).await;
    assert_eq!(res.status(), StatusCode::OK);

    // Another file of the project is still out of reach.
    let other = upload(&server, &place, "B001.mov", &bytes(100)).await;
    let res = guest
        .get(&server, &format!("api/guest/files/{other}"))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_abandoned_version_goes_with_its_upload_and_never_shows() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let v1 = upload(&server, &place, "A001.mov", &bytes(100)).await;
    let v2 = new_version(&server, &place, v1).await["id"]
        .as_i64()
        .unwrap();
    let tus = Tus::new(&server, &place.token);
    let meta = metadata(&[("file_id", &v2.to_string()), ("expect_pending", "")]);
    let url = tus.create_ok(100, &meta).await;
    assert_eq!(
        tus.patch(&url, 0, vec![1; 50]).await.status(),
        StatusCode::NO_CONTENT
    );
    // A guest never reaches a version whose bytes are not complete.
    let (_, token) = share(
        &server,
        &place.token,
        place.project,
        json!({ "folder_id": place.folder, "permission": "view" }),
    )
    .await;
    let g = guest(&server, &token, "Client").await;
    let res = g.get(&server, &format!("api/guest/files/{v2}")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = tus.request(Method::DELETE, url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = server
        .get(&place.token, &format!("{}/{v2}", place.files_path()))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(listing(&server, &place).await, vec![(v1, 1, 1)]);
    let versions: Vec<Value> = data(
        server
            .get(
                &place.token,
                &format!("{}/{v1}/versions", place.files_path()),
            )
            .await,
    )
    .await;
    assert_eq!(versions.len(), 1);
}
