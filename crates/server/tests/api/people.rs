//! What the user, member and invitation tests share: making users through the API, signing in
//! with a password, and changing roles.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{Method, Response, StatusCode};
use rushes_api::users::CreatedUser;
use serde_json::{json, Value};

use crate::common::{data, TestServer};
use crate::oauth_support::register_app;

/// Creates a user as the admin holding `admin`.
pub async fn create_user(server: &TestServer, admin: &str, body: Value) -> CreatedUser {
    let res = server.post(admin, "api/users", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    data(res).await
}

/// A new user (no password) and an access token for them.
pub async fn user_with_token(server: &TestServer, admin: &str, email: &str) -> (i64, String) {
    let made = create_user(server, admin, json!({ "email": email })).await;
    (made.user.id, server.token_for(email).await)
}

/// Signs in with email and password through the client credentials grant (WebCommander's
/// flow); the status of the token request.
pub async fn password_sign_in(server: &TestServer, email: &str, password: &str) -> StatusCode {
    let admin = server.admin_token().await;
    let (_, client_id, secret) =
        register_app(server, &admin, &["https://integration.example/cb"], false).await;
    server
        .http
        .post(server.url("oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "auth_string": STANDARD.encode(format!("{email}:{password}")),
        }))
        .send()
        .await
        .unwrap()
        .status()
}

/// `PUT` of `{"role": role}` at `path` (a project or folder member).
pub async fn put_role(server: &TestServer, token: &str, path: &str, role: Value) -> Response {
    server
        .send(Method::PUT, token, path, Some(json!({ "role": role })))
        .await
}

/// Makes the users `ids` share a project (a viewer role each on a new one, given by the admin
/// holding `admin`), so their managers may bring them into other projects: managers reach
/// only people they share a project with.
pub async fn acquaint(server: &TestServer, admin: &str, ids: &[i64]) {
    let lobby = server.project(admin, &format!("Lobby {}", ids.len())).await;
    for id in ids {
        let res = put_role(
            server,
            admin,
            &format!("api/projects/{lobby}/members/{id}"),
            json!("viewer"),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}

/// Whether the user of `token` can still use the API.
pub async fn works(server: &TestServer, token: &str) -> bool {
    server.get(token, "api/me").await.status() == StatusCode::OK
}
