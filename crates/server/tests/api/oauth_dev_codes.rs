//! `POST /api/oauth-apps/{id}/codes`: the development "Generate" button.

use reqwest::StatusCode;
use rushes_api::auth::TokenResponse;
use rushes_api::users::User;
use serde_json::{json, Value};

use crate::common::{data, error, TestServer, ADMIN};
use crate::oauth_support::{oauth_error, register_app, token_request};

const FIRST: &str = "https://integration.example/cb";
const SECOND: &str = "myintegration://done";

async fn generate(
    server: &TestServer,
    token: &str,
    app: i64,
    body: Option<Value>,
) -> reqwest::Response {
    let req = server
        .http
        .post(server.url(&format!("api/oauth-apps/{app}/codes")))
        .bearer_auth(token);
    let req = match body {
        Some(b) => req.json(&b),
        None => req,
    };
    req.send().await.unwrap()
}

async fn redeem(
    server: &TestServer,
    client_id: &str,
    secret: &str,
    code: &str,
    redirect_uri: &str,
) -> reqwest::Response {
    token_request(
        server,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", client_id),
            ("client_secret", secret),
        ],
    )
    .await
}

#[tokio::test]
async fn generated_code_redeems_once_with_the_secret() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (id, client_id, secret) = register_app(&server, &admin, &[FIRST, SECOND], false).await;
    let secret = secret.unwrap();

    let res = generate(&server, &admin, id, None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let generated: Value = data(res).await;
    assert_eq!(generated["redirect_uri"], FIRST);
    assert_eq!(generated["expires_in"], 600);
    let code = generated["code"].as_str().unwrap();

    let res = redeem(&server, &client_id, &secret, code, FIRST).await;
    assert_eq!(res.status(), StatusCode::OK);
    let pair: TokenResponse = res.json().await.unwrap();
    let res = server.get(&pair.access_token, "api/me").await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: User = data(res).await;
    assert_eq!(me.email, ADMIN);

    // A second exchange fails and ends what the first one got.
    let res = redeem(&server, &client_id, &secret, code, FIRST).await;
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert_eq!(
        server.get(&pair.access_token, "api/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn generated_code_can_name_one_of_the_apps_redirect_uris() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (id, client_id, secret) = register_app(&server, &admin, &[FIRST, SECOND], false).await;
    let secret = secret.unwrap();

    let res = generate(&server, &admin, id, Some(json!({ "redirect_uri": SECOND }))).await;
    let generated: Value = data(res).await;
    assert_eq!(generated["redirect_uri"], SECOND);
    let code = generated["code"].as_str().unwrap();
    // Bound to that URI.
    let res = redeem(&server, &client_id, &secret, code, FIRST).await;
    oauth_error(res, StatusCode::BAD_REQUEST, "invalid_grant").await;

    let res = generate(&server, &admin, id, Some(json!({ "redirect_uri": SECOND }))).await;
    let code = data::<Value>(res).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = redeem(&server, &client_id, "rcs_wrong", &code, SECOND).await;
    oauth_error(res, StatusCode::UNAUTHORIZED, "invalid_client").await;
    let res = redeem(&server, &client_id, &secret, &code, SECOND).await;
    assert_eq!(res.status(), StatusCode::OK);

    let res = generate(
        &server,
        &admin,
        id,
        Some(json!({ "redirect_uri": "https://elsewhere.example/cb" })),
    )
    .await;
    let e = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(e.error.contains_key("redirect_uri"), "{:?}", e.error);
}

#[tokio::test]
async fn public_apps_cannot_generate_codes() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (id, _, _) = register_app(&server, &admin, &[SECOND], true).await;
    let res = generate(&server, &admin, id, None).await;
    let e = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(e.error.contains_key("base"), "{:?}", e.error);
}

#[tokio::test]
async fn only_the_owner_or_an_admin_can_generate() {
    let server = TestServer::start().await;
    let bob = server.user_token("bob@rushes.test").await;
    let carol = server.user_token("carol@rushes.test").await;
    let admin = server.admin_token().await;
    let (id, client_id, secret) = register_app(&server, &bob, &[FIRST], false).await;

    let res = generate(&server, &carol, id, None).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = generate(&server, &bob, id, None).await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // An admin gets a code for themselves, not for the owner.
    let res = generate(&server, &admin, id, None).await;
    let code = data::<Value>(res).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = redeem(&server, &client_id, &secret.unwrap(), &code, FIRST).await;
    let pair: TokenResponse = res.json().await.unwrap();
    let me: User = data(server.get(&pair.access_token, "api/me").await).await;
    assert_eq!(me.email, ADMIN);
}
