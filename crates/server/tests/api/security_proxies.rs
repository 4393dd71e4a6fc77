//! Behind a reverse proxy every connection comes from the proxy. With `--trusted-proxy` the
//! sign-in lockout counts the client the proxy names in `X-Forwarded-For`; without it, that
//! header is anyone's to write and is ignored, so rotating it does not escape a lock.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::StatusCode;
use rushes_server::LoginLimits;
use serde_json::json;

use crate::common::TestServer;
use crate::oauth_support::*;

const MAX_FAILURES: u32 = 3;
const OTHER: &str = "grace@rushes.test";

async fn server(trust_loopback: bool) -> TestServer {
    TestServer::start_with(|c| {
        c.login_limits = LoginLimits {
            max_failures: MAX_FAILURES,
            lockout: Duration::from_secs(60),
            failure_delay: Duration::from_millis(10),
        };
        if trust_loopback {
            c.trusted_proxies = vec![rushes_server::parse_trusted_proxy("127.0.0.0/8").unwrap()];
        }
    })
    .await
}

/// A client-credentials sign-in of `email` with `password`, as forwarded for `client`.
async fn sign_in(
    server: &TestServer,
    app: &(String, String),
    email: &str,
    password: &str,
    client: &str,
) -> StatusCode {
    let body = json!({
        "grant_type": "client_credentials",
        "client_id": app.0,
        "client_secret": app.1,
        "auth_string": STANDARD.encode(format!("{email}:{password}")),
    });
    server
        .http
        .post(server.url("oauth/token"))
        .header("X-Forwarded-For", client)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
}

/// Two users with passwords and an app that signs them in with client credentials.
async fn setup(server: &TestServer) -> (String, String) {
    password_user(server, USER).await;
    password_user(server, OTHER).await;
    let admin = server.admin_token().await;
    let (_, client_id, secret) =
        register_app(server, &admin, &["https://integration.example/cb"], false).await;
    (client_id, secret.unwrap())
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_is_locked_on_its_own() {
    let server = server(true).await;
    let app = setup(&server).await;
    for i in 0..MAX_FAILURES {
        let status = sign_in(&server, &app, USER, &format!("guess {i}"), "203.0.113.7").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    // The guesser's address is locked, even for another account...
    assert_eq!(
        sign_in(&server, &app, OTHER, PASSWORD, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...and a client the proxy forwards from elsewhere is not: the proxy is not one key.
    assert_eq!(
        sign_in(&server, &app, OTHER, PASSWORD, "203.0.113.8").await,
        StatusCode::OK
    );
    // A forged entry to the left of the proxy's own does not move the guesser elsewhere.
    assert_eq!(
        sign_in(&server, &app, OTHER, PASSWORD, "198.51.100.9, 203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn without_trusted_proxies_a_forged_header_does_not_escape_the_lock() {
    let server = server(false).await;
    let app = setup(&server).await;
    for i in 0..MAX_FAILURES {
        let forged = format!("203.0.113.{i}");
        let status = sign_in(&server, &app, USER, &format!("guess {i}"), &forged).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    assert_eq!(
        sign_in(&server, &app, OTHER, PASSWORD, "203.0.113.99").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
