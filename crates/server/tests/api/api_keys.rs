//! `/api/api-keys`: the caller's own keys, the secret shown once, deletion ending its tokens.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{data, error, TestServer};

#[tokio::test]
async fn keys_are_listed_without_their_secret_which_is_shown_once() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;

    let res = server
        .post(&token, "api/api-keys", json!({ "name": "ci runner" }))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = data(res).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let prefix = created["prefix"].as_str().unwrap();
    assert!(secret.starts_with(prefix), "{created}");
    assert_eq!(created["name"], "ci runner");
    assert!(created["last_used_at"].is_null());

    let res = server.get(&token, "api/api-keys").await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(!text.contains(&secret), "the secret is listed: {text}");
    assert!(!text.contains("argon2"), "a hash is listed: {text}");
    let listed: Value = serde_json::from_str(&text).unwrap();
    let keys = listed["data"].as_array().unwrap();
    let ours = keys
        .iter()
        .find(|k| k["id"] == created["id"])
        .expect("the new key is listed");
    assert_eq!(ours["prefix"], created["prefix"]);
    assert!(ours.get("secret").is_none());
    for field in ["id", "name", "prefix", "created_at", "last_used_at"] {
        assert!(ours.get(field).is_some(), "{field} missing: {ours}");
    }

    // The secret works, and using it is recorded.
    server.exchange(&secret).await;
    let listed: Value = server
        .get(&token, "api/api-keys")
        .await
        .json()
        .await
        .unwrap();
    let ours = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == created["id"])
        .cloned()
        .unwrap();
    assert!(ours["last_used_at"].is_string(), "{ours}");
}

#[tokio::test]
async fn key_names_are_validated() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    for name in ["", "   ", "tab\there", &"x".repeat(256)] {
        let res = server
            .post(&token, "api/api-keys", json!({ "name": name }))
            .await;
        let e = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(e.error.contains_key("name"), "{name:?}: {:?}", e.error);
    }
    let res = server
        .post(&token, "api/api-keys", json!({ "name": "x".repeat(255) }))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn other_users_keys_are_not_found() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let bob = server.user_token("bob@rushes.test").await;
    let res = server
        .post(&admin, "api/api-keys", json!({ "name": "admin's" }))
        .await;
    let admins: Value = data(res).await;
    let id = admins["id"].as_i64().unwrap();

    // Bob does not see it and cannot delete it, even knowing its id.
    let listed: Value = server.get(&bob, "api/api-keys").await.json().await.unwrap();
    assert!(listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["id"] != id && k["name"] != "admin's"));
    let res = server
        .http
        .delete(server.url(&format!("api/api-keys/{id}")))
        .bearer_auth(&bob)
        .send()
        .await
        .unwrap();
    error(res, StatusCode::NOT_FOUND, "not_found").await;

    // The admin's key still works.
    server.exchange(admins["secret"].as_str().unwrap()).await;
}

#[tokio::test]
async fn deleting_a_key_ends_every_token_it_issued() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let res = server
        .post(&admin, "api/api-keys", json!({ "name": "doomed" }))
        .await;
    let key: Value = data(res).await;
    let secret = key["secret"].as_str().unwrap();
    let pair = server.exchange(secret).await;
    assert_eq!(
        server.get(&pair.access_token, "api/me").await.status(),
        StatusCode::OK
    );

    let res = server
        .http
        .delete(server.url(&format!("api/api-keys/{}", key["id"])))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    assert_eq!(
        server.get(&pair.access_token, "api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = server
        .http
        .post(server.url("auth/refresh"))
        .json(&json!({ "refreshToken": pair.refresh_token }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = server
        .http
        .post(server.url("auth/api-key"))
        .json(&json!({ "apiKey": secret }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Deleting it again: gone.
    let res = server
        .http
        .delete(server.url(&format!("api/api-keys/{}", key["id"])))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    // The caller's own token, from another key, is unaffected.
    assert_eq!(server.get(&admin, "api/me").await.status(), StatusCode::OK);
}
