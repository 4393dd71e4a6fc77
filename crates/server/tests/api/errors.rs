use reqwest::{header, StatusCode};

use crate::common::{error, TestServer};

#[tokio::test]
async fn malformed_json_is_a_400_envelope() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let res = server
        .http
        .post(server.url("api/projects"))
        .bearer_auth(&token)
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    let err = error(res, StatusCode::BAD_REQUEST, "bad_request").await;
    assert!(err.error.contains_key("base"));
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_422_envelope() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let res = server
        .post(&token, "api/projects", serde_json::json!({ "title": "x" }))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = server
        .post(&token, "api/projects", serde_json::json!({ "name": 7 }))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn a_body_without_json_content_type_is_rejected_in_the_envelope() {
    let server = TestServer::start().await;
    let res = server
        .http
        .post(server.url("auth/api-key"))
        .body("{\"apiKey\":\"x\"}")
        .send()
        .await
        .unwrap();
    error(res, StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_request").await;
}

#[tokio::test]
async fn an_oversized_body_is_rejected_in_the_envelope() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let huge = serde_json::json!({ "name": "x", "description": "d".repeat(2 * 1024 * 1024) });
    let res = server.post(&token, "api/projects", huge).await;
    error(res, StatusCode::PAYLOAD_TOO_LARGE, "bad_request").await;
}

#[tokio::test]
async fn unknown_routes_are_404_envelopes() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    // Not "/nothing-here": with the web app, that is a page of it (tests/api/web_ui.rs).
    for path in [
        "oauth/nothing-here",
        "api/nothing",
        "api/projects/1/nothing",
    ] {
        error(
            server.get(&token, path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_405_envelope() {
    let server = TestServer::start().await;
    let res = server
        .http
        .delete(server.url("auth/api-key"))
        .send()
        .await
        .unwrap();
    assert!(res.headers().contains_key(header::ALLOW));
    error(res, StatusCode::METHOD_NOT_ALLOWED, "bad_request").await;
}
