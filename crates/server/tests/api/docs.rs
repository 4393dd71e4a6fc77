//! The OpenAPI document at `/api/openapi.json` and Swagger UI at `/api/docs`, the latter loaded
//! in a real headless Chromium: the page must render the endpoints under its own strict CSP.

use std::collections::BTreeSet;
use std::time::Duration;

use reqwest::{header, StatusCode};
use serde_json::Value;

use crate::common::TestServer;

/// Every route the document must describe, with its methods.
const DOCUMENTED: &[(&str, &[&str])] = &[
    ("/api/me", &["get"]),
    ("/api/me/usage", &["get"]),
    ("/api/projects", &["get", "post"]),
    ("/api/projects/{pid}", &["get", "patch", "delete"]),
    ("/api/projects/{pid}/usage", &["get"]),
    ("/api/projects/{pid}/folders", &["get", "post"]),
    (
        "/api/projects/{pid}/folders/{fid}",
        &["get", "patch", "delete"],
    ),
    ("/api/projects/{pid}/folders/{fid}/children", &["get"]),
    ("/api/projects/{pid}/folders/{fid}/files", &["get", "post"]),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}",
        &["get", "patch", "delete"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/download",
        &["get"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/poster",
        &["get"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/proxy",
        &["get"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/waveform",
        &["get"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/renditions/{kind}/retry",
        &["post"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/metadata",
        &["get", "put", "patch"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/metadata",
        &["get", "put", "patch"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/comments",
        &["get", "post"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/comments/{cid}",
        &["patch", "delete"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/comments/{cid}/comments",
        &["post"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/versions",
        &["get", "post"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/version",
        &["delete"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/status",
        &["put"],
    ),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/seen",
        &["post"],
    ),
    ("/api/projects/{pid}/activity", &["get"]),
    ("/api/me/activity", &["get"]),
    (
        "/api/projects/{pid}/folders/{fid}/files/{id}/comments/export",
        &["get"],
    ),
    ("/api/projects/{pid}/members", &["get"]),
    ("/api/projects/{pid}/members/{uid}", &["put", "delete"]),
    ("/api/projects/{pid}/folders/{fid}/members", &["get"]),
    (
        "/api/projects/{pid}/folders/{fid}/members/{uid}",
        &["put", "delete"],
    ),
    ("/api/users", &["get", "post"]),
    ("/api/users/{uid}", &["get", "patch"]),
    ("/api/users/{uid}/invitation", &["post"]),
    ("/api/users/{uid}/roles", &["get", "put"]),
    ("/media/{id}", &["get"]),
    ("/media/{id}/poster", &["get"]),
    ("/media/{id}/proxy", &["get"]),
    ("/media/{id}/waveform", &["get"]),
    ("/api/api-keys", &["get", "post"]),
    ("/api/api-keys/{id}", &["delete"]),
    ("/api/oauth-apps", &["get", "post"]),
    ("/api/oauth-apps/{id}", &["get", "patch", "delete"]),
    ("/api/oauth-apps/{id}/secret", &["post"]),
    ("/api/oauth-apps/{id}/codes", &["post"]),
    ("/api/authorizations", &["get"]),
    ("/api/authorizations/{id}", &["delete"]),
    ("/auth/api-key", &["post"]),
    ("/auth/refresh", &["post"]),
    ("/oauth/token", &["post"]),
    ("/api/v4/oauth2/token", &["post"]),
    ("/oauth/revoke", &["post"]),
    ("/oauth/authorize", &["get"]),
    ("/oauth/login", &["post"]),
    ("/oauth/consent", &["post"]),
    ("/.well-known/oauth-authorization-server", &["get"]),
    ("/healthz", &["get"]),
    ("/signin", &["get", "post"]),
    ("/signout", &["post"]),
    ("/api/session", &["get", "delete"]),
    ("/api/projects/{pid}/review-links", &["get", "post"]),
    (
        "/api/projects/{pid}/review-links/{id}",
        &["patch", "delete"],
    ),
    ("/api/guest/session", &["get", "post", "delete"]),
    ("/api/guest/folders/{fid}/children", &["get"]),
    ("/api/guest/folders/{fid}/files", &["get"]),
    ("/api/guest/files/{id}", &["get"]),
    ("/api/guest/files/{id}/versions", &["get"]),
    ("/api/guest/files/{id}/status", &["put"]),
    ("/api/guest/files/{id}/download", &["get"]),
    ("/api/guest/files/{id}/media", &["get"]),
    ("/api/guest/files/{id}/poster", &["get"]),
    ("/api/guest/files/{id}/waveform", &["get"]),
    ("/api/guest/files/{id}/comments", &["get", "post"]),
    ("/api/guest/files/{id}/comments/{cid}/comments", &["post"]),
];

async fn document(server: &TestServer) -> Value {
    let res = server
        .http
        .get(server.url("api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn openapi_document_describes_every_route() {
    let server = TestServer::start().await;
    let doc = document(&server).await;

    let version = doc["openapi"].as_str().unwrap();
    assert!(version.starts_with("3."), "openapi {version}");
    for (path, methods) in DOCUMENTED {
        let item = &doc["paths"][path];
        for method in *methods {
            assert!(
                item[method].is_object(),
                "{method} {path} is not documented"
            );
        }
    }

    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap();
            assert!(ids.insert(id.to_owned()), "{method} {path}: {id} twice");
        }
    }
}

#[tokio::test]
async fn openapi_document_states_the_api_conventions() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["access_token"]["in"], "header");
    assert_eq!(schemes["access_token"]["name"], "access_token");
    assert_eq!(schemes["session_cookie"]["in"], "cookie");
    assert_eq!(schemes["session_cookie"]["name"], "rushes_web");
    let me = doc["paths"]["/api/me"]["get"]["security"].to_string();
    assert!(
        me.contains("bearer") && me.contains("session_cookie"),
        "{me}"
    );

    let list = &doc["paths"]["/api/api-keys"]["get"];
    let params: Vec<&str> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["page", "per_page"]);
    let ok = &list["responses"]["200"];
    for h in ["Total", "Per-Page", "Link"] {
        assert!(ok["headers"][h].is_object(), "list answers have {h}");
    }
    let envelope = ok["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap();
    let envelope = &doc["components"]["schemas"][envelope]["properties"];
    for field in ["status", "status_message", "info", "data"] {
        assert!(envelope[field].is_object(), "success envelope has {field}");
    }
    // utoipa inlines a generic's argument.
    let api_key = &envelope["data"]["items"]["properties"];
    assert_eq!(api_key["id"]["type"], "integer");
    assert_eq!(api_key["id"]["format"], "int64");

    let unauthorized = &list["responses"]["401"]["content"]["application/json"]["schema"];
    assert_eq!(unauthorized["$ref"], "#/components/schemas/ErrorEnvelope");
    let error = &doc["components"]["schemas"]["ErrorEnvelope"]["properties"];
    for field in ["status", "status_message", "error", "code"] {
        assert!(error[field].is_object(), "error envelope has {field}");
    }
    assert!(doc["paths"]["/auth/api-key"]["post"]["security"].is_null());
}

#[tokio::test]
async fn swagger_ui_is_served_under_a_same_origin_policy() {
    let server = TestServer::start().await;
    let res = server
        .http
        .get(server.url("api/docs/"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>"), "no inline script: {html}");
}

#[tokio::test]
async fn swagger_ui_lists_the_endpoints_in_a_browser() {
    let server = TestServer::start().await;
    let dom = rendered_dom(server.url("api/docs/").as_str()).await;
    for path in [
        "/api/me",
        "/api/projects/{pid}/folders/{fid}/files",
        "/api/oauth-apps",
        "/api/api-keys/{id}",
        "/auth/api-key",
    ] {
        assert!(
            dom.contains(&format!("data-path=\"{path}\"")),
            "Swagger UI does not list {path}:\n{dom}"
        );
    }
}

/// The DOM of `url` after its scripts ran, from headless Chromium. Fails, never skips, without
/// Chromium: `scripts/setup-system.sh --test` installs it.
async fn rendered_dom(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let run = tokio::process::Command::new("chromium")
        .args([
            "--headless=new",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--virtual-time-budget=15000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(90), run)
        .await
        .expect("chromium did not finish within 90 s")
        .expect("chromium is needed for this test: run scripts/setup-system.sh --test");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
