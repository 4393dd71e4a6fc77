//! Ids are never handed out twice: a client that still holds the id of something deleted (a
//! queued upload, a bookmark) must never reach whatever was made after it.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{data, TestServer};

#[tokio::test]
async fn every_table_with_an_id_keeps_the_largest_it_ever_gave() {
    let server = TestServer::start().await;
    let pool = server.db().await;
    if server.dir.database_url().is_some() {
        // PostgreSQL: every integer id is an identity column, which never gives an id twice.
        let ids: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, is_identity::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'bigint' \
             ORDER BY table_name",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(ids.len() >= 12, "{ids:?}");
        for (table, identity) in ids {
            assert_eq!(
                identity, "YES",
                "{table} would give a deleted row's id to the next one"
            );
        }
        return;
    }
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%INTEGER PRIMARY KEY%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(tables.len() >= 12, "{tables:?}");
    for (name, sql) in tables {
        assert!(
            sql.contains("AUTOINCREMENT"),
            "{name} would give a deleted row's id to the next one"
        );
    }
}

/// Creates something at `path` and returns its id.
async fn made(server: &TestServer, token: &str, path: &str, body: Value) -> i64 {
    let res = server.post(token, path, body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "POST {path}");
    data::<Value>(res).await["id"].as_i64().unwrap()
}

async fn delete(server: &TestServer, token: &str, path: &str) {
    let res = server.send(Method::DELETE, token, path, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "DELETE {path}");
}

#[tokio::test]
async fn deleting_the_newest_row_does_not_lend_its_id_to_the_next() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let project = server.project(&token, "Shoot").await;
    let folder = server.folder(&token, project, None, "Day 1").await;
    let files = format!("api/projects/{project}/folders/{folder}/files");
    let folders = format!("api/projects/{project}/folders");

    let cases: [(&str, String, Value, Value); 4] = [
        (
            "file",
            files.clone(),
            json!({ "name": "A001.mov" }),
            json!({ "name": "B001.mov" }),
        ),
        (
            "folder",
            folders.clone(),
            json!({ "name": "Day 2", "parent_id": folder }),
            json!({ "name": "Day 3", "parent_id": folder }),
        ),
        (
            "project",
            "api/projects".into(),
            json!({ "name": "Pickups" }),
            json!({ "name": "Reshoots" }),
        ),
        (
            "API key",
            "api/api-keys".into(),
            json!({ "name": "laptop" }),
            json!({ "name": "desktop" }),
        ),
    ];
    for (what, path, first, second) in cases {
        let old = made(&server, &token, &path, first).await;
        delete(&server, &token, &format!("{path}/{old}")).await;
        let new = made(&server, &token, &path, second).await;
        assert!(
            new > old,
            "a new {what} got id {new} after {old} was deleted"
        );
    }
}
