//! `/api/oauth-apps`: registering apps, who may see and change them, secret rotation.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{data, error, TestServer};
use crate::oauth_support::token_request;

async fn create(server: &TestServer, token: &str, body: Value) -> reqwest::Response {
    server.post(token, "api/oauth-apps", body).await
}

/// Whether `secret` authenticates `client_id` at the token endpoint: with a bogus refresh
/// token, an authenticated client gets invalid_grant and an unauthenticated one invalid_client.
async fn secret_works(server: &TestServer, client_id: &str, secret: &str) -> bool {
    let res = token_request(
        server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "bogus"),
            ("client_id", client_id),
            ("client_secret", secret),
        ],
    )
    .await;
    let body: Value = res.json().await.unwrap();
    match body["error"].as_str() {
        Some("invalid_grant") => true,
        Some("invalid_client") => false,
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn apps_are_created_with_a_secret_shown_once() {
    let server = TestServer::start().await;
    let token = server.user_token("dev@rushes.test").await;
    let res = create(
        &server,
        &token,
        json!({
            "name": "Uploader",
            "redirect_uris": ["https://uploader.example/cb", "http://127.0.0.1/cb", "uploader://done"],
            "public": false
        }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let app: Value = data(res).await;
    let secret = app["client_secret"].as_str().unwrap();
    assert!(secret.starts_with("rcs_"));
    assert_eq!(app["public"], false);
    let uris = app["redirect_uris"].as_array().unwrap();
    assert_eq!(uris.len(), 3);
    assert_eq!(uris[0]["uri"], "https://uploader.example/cb");
    let authorize = url::Url::parse(uris[0]["authorize_url"].as_str().unwrap()).unwrap();
    assert_eq!(authorize.path(), "/oauth/authorize");
    let pairs: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
    assert!(pairs.contains(&(
        "client_id".into(),
        app["client_id"].as_str().unwrap().into()
    )));
    assert!(pairs.contains(&("redirect_uri".into(), "https://uploader.example/cb".into())));
    assert!(pairs.contains(&("response_type".into(), "code".into())));

    // Listed and shown without the secret.
    let list: Vec<Value> = data(server.get(&token, "api/oauth-apps").await).await;
    assert_eq!(list.len(), 1);
    assert!(list[0].get("client_secret").is_none());
    let shown: Value = data(
        server
            .get(&token, &format!("api/oauth-apps/{}", app["id"]))
            .await,
    )
    .await;
    assert!(shown.get("client_secret").is_none());
    assert!(secret_works(&server, app["client_id"].as_str().unwrap(), secret).await);

    // Public apps have none.
    let res = create(
        &server,
        &token,
        json!({ "name": "CLI", "redirect_uris": ["http://[::1]/cb"], "public": true }),
    )
    .await;
    let public: Value = data(res).await;
    assert_eq!(public["client_secret"], Value::Null);
    assert_eq!(public["public"], true);
}

#[tokio::test]
async fn invalid_apps_are_422_with_field_errors() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let eleven: Vec<String> = (0..11).map(|i| format!("https://a.example/{i}")).collect();
    for uris in [
        json!([]),
        json!(eleven),
        json!(["http://app.example/cb"]),
        json!(["http://localhost/cb"]),
        json!(["/relative"]),
        json!(["https://app.example/cb#frag"]),
        json!(["javascript:alert(1)"]),
        json!(["https://a.example/x", "https://a.example/x"]),
    ] {
        let res = create(
            &server,
            &token,
            json!({ "name": "X", "redirect_uris": uris, "public": true }),
        )
        .await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(err.error.contains_key("redirect_uris"), "{uris}");
    }
    let res = create(
        &server,
        &token,
        json!({ "name": " ", "redirect_uris": ["rushes-x://cb"] }),
    )
    .await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(err.error.contains_key("name"));
}

#[tokio::test]
async fn only_the_owner_or_an_admin_reaches_an_app() {
    let server = TestServer::start().await;
    let owner = server.user_token("owner@rushes.test").await;
    let stranger = server.user_token("stranger@rushes.test").await;
    let admin = server.admin_token().await;
    let app: Value = data(
        create(
            &server,
            &owner,
            json!({ "name": "Mine", "redirect_uris": ["mine://cb"], "public": false }),
        )
        .await,
    )
    .await;
    let path = format!("api/oauth-apps/{}", app["id"]);

    error(
        server.get(&stranger, &path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let res = server
        .http
        .patch(server.url(&path))
        .bearer_auth(&stranger)
        .json(&json!({ "name": "Theirs" }))
        .send()
        .await
        .unwrap();
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = server
        .http
        .delete(server.url(&path))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = server
        .post(&stranger, &format!("{path}/secret"), json!({}))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let list: Vec<Value> = data(server.get(&stranger, "api/oauth-apps").await).await;
    assert!(list.is_empty());

    assert_eq!(server.get(&admin, &path).await.status(), StatusCode::OK);
    let res = server
        .http
        .patch(server.url(&path))
        .bearer_auth(&admin)
        .json(&json!({ "name": "Renamed by admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let res = server
        .http
        .delete(server.url(&path))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(
        server.get(&owner, &path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn patch_renames_and_replaces_redirect_uris() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let app: Value = data(
        create(
            &server,
            &token,
            json!({ "name": "Old", "redirect_uris": ["old://cb"], "public": true }),
        )
        .await,
    )
    .await;
    let path = format!("api/oauth-apps/{}", app["id"]);
    let res = server
        .http
        .patch(server.url(&path))
        .bearer_auth(&token)
        .json(&json!({ "redirect_uris": ["new://cb", "https://new.example/cb"] }))
        .send()
        .await
        .unwrap();
    let changed: Value = data(res).await;
    assert_eq!(changed["name"], "Old");
    assert_eq!(changed["redirect_uris"][0]["uri"], "new://cb");
    assert_eq!(changed["redirect_uris"][1]["uri"], "https://new.example/cb");
    assert_eq!(changed["client_id"], app["client_id"]);

    let res = server
        .http
        .patch(server.url(&path))
        .bearer_auth(&token)
        .json(&json!({ "redirect_uris": ["http://evil.example/cb"] }))
        .send()
        .await
        .unwrap();
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn rotating_the_secret_replaces_it() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let app: Value = data(
        create(
            &server,
            &token,
            json!({ "name": "Rotating", "redirect_uris": ["rot://cb"], "public": false }),
        )
        .await,
    )
    .await;
    let client_id = app["client_id"].as_str().unwrap();
    let old = app["client_secret"].as_str().unwrap();
    let res = server
        .post(
            &token,
            &format!("api/oauth-apps/{}/secret", app["id"]),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let rotated: Value = data(res).await;
    let new = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new, old);
    assert!(!secret_works(&server, client_id, old).await);
    assert!(secret_works(&server, client_id, new).await);

    // Public apps have no secret to rotate.
    let public: Value = data(
        create(
            &server,
            &token,
            json!({ "name": "Pub", "redirect_uris": ["pub://cb"], "public": true }),
        )
        .await,
    )
    .await;
    let res = server
        .post(
            &token,
            &format!("api/oauth-apps/{}/secret", public["id"]),
            json!({}),
        )
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn the_built_in_desktop_app_is_not_exposed() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let list: Vec<Value> = data(server.get(&admin, "api/oauth-apps").await).await;
    assert!(list.iter().all(|a| a["client_id"] != "rushes-desktop"));
    // The desktop app is the first row of the table.
    error(
        server.get(&admin, "api/oauth-apps/1").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let res = server
        .http
        .delete(server.url("api/oauth-apps/1"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}
