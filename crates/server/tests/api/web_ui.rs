//! The web app at `/` (the `web-ui` feature): the page and its client-side routes, the hashed
//! assets, the headers, and the server's own paths that the app never answers.

use reqwest::{header, Method, StatusCode};

use crate::common::{error, TestServer};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; \
frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

async fn get(server: &TestServer, path: &str) -> reqwest::Response {
    server.http.get(server.url(path)).send().await.unwrap()
}

/// The path of the page's script, `/assets/index-<hash>.js`.
fn script_path(html: &str) -> String {
    let start = html
        .find("src=\"/assets/")
        .expect("a script under /assets/")
        + 5;
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

fn assert_page_headers(res: &reqwest::Response) {
    let h = res.headers();
    assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    assert_eq!(h[header::CONTENT_SECURITY_POLICY], CSP);
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    assert!(h[header::ETAG].to_str().unwrap().starts_with('"'));
}

#[tokio::test]
async fn the_root_serves_the_app_under_a_strict_policy() {
    let server = TestServer::start().await;
    let res = get(&server, "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_page_headers(&res);
    let html = res.text().await.unwrap();
    assert!(html.contains("<div id=\"app\">"), "{html}");
    assert!(!html.contains("\"./"), "links are absolute: {html}");
    for tag in html.split("<script").skip(1) {
        assert!(
            tag.split('>').next().unwrap().contains("src="),
            "no inline script: {html}"
        );
    }
}

#[tokio::test]
async fn a_client_route_falls_back_to_the_page() {
    let server = TestServer::start().await;
    let root = get(&server, "").await.text().await.unwrap();
    for route in ["projects/1/folders/2", "account", "index.html"] {
        let res = get(&server, route).await;
        assert_eq!(res.status(), StatusCode::OK, "{route}");
        assert_page_headers(&res);
        assert_eq!(res.text().await.unwrap(), root, "{route}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_typed() {
    let server = TestServer::start().await;
    let html = get(&server, "").await.text().await.unwrap();
    let res = get(&server, &script_path(&html)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(
        h[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(h[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(!res.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unchanged_file_is_a_304() {
    let server = TestServer::start().await;
    let first = get(&server, "").await;
    let etag = first.headers()[header::ETAG].clone();
    let html = first.text().await.unwrap();
    for path in [String::new(), script_path(&html)] {
        let etag = if path.is_empty() {
            etag.clone()
        } else {
            get(&server, &path).await.headers()[header::ETAG].clone()
        };
        let res = server
            .http
            .get(server.url(&path))
            .header(header::IF_NONE_MATCH, etag.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(res.headers()[header::ETAG], etag);
        assert!(res.bytes().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn head_answers_the_headers_of_get() {
    let server = TestServer::start().await;
    let body = get(&server, "").await.bytes().await.unwrap();
    let res = server
        .http
        .request(Method::HEAD, server.url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_page_headers(&res);
    assert_eq!(
        res.headers()[header::CONTENT_LENGTH],
        body.len().to_string().as_str()
    );
}

#[tokio::test]
async fn the_servers_own_paths_stay_json_404s() {
    let server = TestServer::start().await;
    for path in [
        "api/nope",
        "api",
        "oauth/nope",
        "auth/nope",
        "media/nope",
        "assets/missing.js",
        "favicon.ico",
    ] {
        let res = get(&server, path).await;
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "application/json",
            "{path}"
        );
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    // Only GET and HEAD reach the app.
    let res = server.http.post(server.url("")).send().await.unwrap();
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    // The server's routes win over the app.
    let res = get(&server, "healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}
