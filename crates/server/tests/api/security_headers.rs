//! Finding 9: every answer, JSON included, tells browsers not to guess its content type.

use reqwest::header::X_CONTENT_TYPE_OPTIONS;
use reqwest::StatusCode;

use crate::common::TestServer;

#[tokio::test]
async fn every_answer_says_nosniff() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let answers = [
        server.http.get(server.url("healthz")).send().await.unwrap(),
        server.get(&admin, "api/me").await,
        server.get("not-a-token", "api/me").await,
        server.get(&admin, "api/no-such-thing").await,
        server
            .http
            .get(server.url("api/openapi.json"))
            .send()
            .await
            .unwrap(),
        server
            .http
            .post(server.url("auth/api-key"))
            .body("not json")
            .send()
            .await
            .unwrap(),
    ];
    for res in answers {
        assert!(res.status() != StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            res.headers()
                .get(X_CONTENT_TYPE_OPTIONS)
                .map(|v| v.to_str().unwrap()),
            Some("nosniff"),
            "{} {}",
            res.url(),
            res.status()
        );
    }
}
