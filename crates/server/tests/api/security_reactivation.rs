//! Finding 8: switching an account back on is an admin's act. A manager who takes away
//! someone's last role offboards them; nobody but an admin brings them back by giving them a
//! role, and their old API keys stay dead until then.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::TestServer;
use crate::people::{put_role, user_with_token};

async fn key_works(server: &TestServer, key: &str) -> bool {
    server.try_exchange(key).await.status() == StatusCode::OK
}

#[tokio::test]
async fn a_role_from_a_non_admin_does_not_revive_an_offboarded_account() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, boss) = user_with_token(&server, &admin, "boss@rushes.test").await;
    let (leaver, _) = user_with_token(&server, &admin, "leaver@rushes.test").await;
    let (_, mallory) = user_with_token(&server, &admin, "mallory@rushes.test").await;
    let key = server.key_for("leaver@rushes.test").await;
    let p = server.project(&boss, "Feature").await;
    let member = |p: i64| format!("api/projects/{p}/members/{leaver}");
    put_role(&server, &admin, &member(p), json!("editor")).await;
    assert!(key_works(&server, &key).await);

    // The manager offboards them: their only role goes, and the account with it.
    let res = server.send(Method::DELETE, &boss, &member(p), None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(!key_works(&server, &key).await);

    // Anyone can make a project and be its manager; giving the leaver a role there must not
    // switch the account back on.
    let own = server.project(&mallory, "Own").await;
    put_role(&server, &mallory, &member(own), json!("viewer")).await;
    assert!(!key_works(&server, &key).await, "the old key came back");
    // Nor may the manager who offboarded them.
    put_role(&server, &boss, &member(p), json!("viewer")).await;
    assert!(!key_works(&server, &key).await, "the old key came back");
    let user: Value =
        crate::common::data(server.get(&admin, &format!("api/users/{leaver}")).await).await;
    assert_eq!(user["active"], false, "{user}");

    // An admin may.
    put_role(&server, &admin, &member(p), json!("viewer")).await;
    assert!(key_works(&server, &key).await);
}

#[tokio::test]
async fn an_account_an_admin_switched_off_stays_off_whatever_roles_it_gets() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, boss) = user_with_token(&server, &admin, "boss@rushes.test").await;
    let (off, _) = user_with_token(&server, &admin, "off@rushes.test").await;
    let key = server.key_for("off@rushes.test").await;
    let p = server.project(&boss, "Feature").await;
    put_role(
        &server,
        &admin,
        &format!("api/projects/{p}/members/{off}"),
        json!("viewer"),
    )
    .await;
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{off}"),
            Some(json!({ "active": false })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Still sharing the project, the manager can change the role, but not the account.
    let res = put_role(
        &server,
        &boss,
        &format!("api/projects/{p}/members/{off}"),
        json!("editor"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!key_works(&server, &key).await);
}
