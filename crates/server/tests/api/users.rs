//! `/api/users`: server admins create (or invite), list, read and change accounts; there is no
//! delete, and switching an account off ends every way it was signed in.

use reqwest::{Method, StatusCode};
use rushes_api::users::User;
use serde_json::json;

use crate::common::{data, error, TestServer};
use crate::people::{create_user, password_sign_in, user_with_token, works};

#[tokio::test]
async fn admins_create_users_with_a_password_who_can_sign_in_at_once() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let made = create_user(
        &server,
        &admin,
        json!({"email": " Grace@Rushes.Test ", "name": "Grace", "password": "long enough pw"}),
    )
    .await;
    assert_eq!(made.user.email, "grace@rushes.test");
    assert_eq!(made.user.name, "Grace");
    assert!(made.user.active && !made.user.is_admin);
    assert_eq!(made.invitation_url, None);
    assert_eq!(
        password_sign_in(&server, "grace@rushes.test", "long enough pw").await,
        StatusCode::OK
    );
    let got: User = data(
        server
            .get(&admin, &format!("api/users/{}", made.user.id))
            .await,
    )
    .await;
    assert_eq!(got, made.user);
}

#[tokio::test]
async fn the_user_list_pages_and_filters_by_name_and_email() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for (email, name) in [
        ("ada@lovelace.test", "Ada Lovelace"),
        ("grace@hopper.test", "Grace Hopper"),
        ("alan@turing.test", "Alan Turing"),
    ] {
        create_user(&server, &admin, json!({"email": email, "name": name})).await;
    }
    let res = server.get(&admin, "api/users?per_page=2").await;
    assert_eq!(res.headers()["total"], "4");
    let first: Vec<User> = data(res).await;
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].name, "Ada Lovelace");

    let named: Vec<User> = data(server.get(&admin, "api/users?name=HOP").await).await;
    assert_eq!(
        named.iter().map(|u| &*u.email).collect::<Vec<_>>(),
        ["grace@hopper.test"]
    );
    let mailed: Vec<User> = data(server.get(&admin, "api/users?email=turing").await).await;
    assert_eq!(
        mailed.iter().map(|u| &*u.name).collect::<Vec<_>>(),
        ["Alan Turing"]
    );
    let none: Vec<User> = data(server.get(&admin, "api/users?name=%25").await).await;
    assert!(none.is_empty(), "wildcards are literal");
}

#[tokio::test]
async fn non_admins_may_read_only_themselves() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (me, token) = user_with_token(&server, &admin, "me@rushes.test").await;
    let (other, _) = user_with_token(&server, &admin, "other@rushes.test").await;
    let mine: User = data(server.get(&token, &format!("api/users/{me}")).await).await;
    assert_eq!(mine.email, "me@rushes.test");
    for (method, path, body) in [
        (Method::GET, format!("api/users/{other}"), None),
        (Method::GET, "api/users".to_owned(), None),
        (
            Method::POST,
            "api/users".to_owned(),
            Some(json!({"email": "x@y.test"})),
        ),
        (
            Method::PATCH,
            format!("api/users/{me}"),
            Some(json!({"is_admin": true})),
        ),
        // Not even for an id that does not exist: 403 before 404, so ids cannot be probed.
        (Method::GET, "api/users/9999".to_owned(), None),
    ] {
        let res = server.send(method, &token, &path, body).await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let res = server.get(&admin, "api/users/9999").await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn bad_input_is_named_field_by_field() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let res = server
        .post(
            &admin,
            "api/users",
            json!({"email": "not an email", "name": "", "password": "short"}),
        )
        .await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    for field in ["email", "name", "password"] {
        assert!(err.error.contains_key(field), "{field}: {err:?}");
    }
    create_user(&server, &admin, json!({"email": "taken@rushes.test"})).await;
    let res = server
        .post(&admin, "api/users", json!({"email": "TAKEN@rushes.test"}))
        .await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.error["email"], ["has already been taken"]);

    let other = create_user(&server, &admin, json!({"email": "other@rushes.test"})).await;
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{}", other.user.id),
            Some(json!({"email": "taken@rushes.test"})),
        )
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = server
        .send(
            Method::PATCH,
            &admin,
            "api/users/9999",
            Some(json!({"name": "Nobody"})),
        )
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn admins_cannot_demote_or_deactivate_themselves() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let me: User = data(server.get(&admin, "api/me").await).await;
    for body in [json!({"is_admin": false}), json!({"active": false})] {
        let res = server
            .send(
                Method::PATCH,
                &admin,
                &format!("api/users/{}", me.id),
                Some(body),
            )
            .await;
        error(res, StatusCode::CONFLICT, "conflict").await;
    }
    // Another admin can.
    let second = create_user(
        &server,
        &admin,
        json!({"email": "second@rushes.test", "is_admin": true}),
    )
    .await;
    let token = server.token_for("second@rushes.test").await;
    let res = server
        .send(
            Method::PATCH,
            &token,
            &format!("api/users/{}", me.id),
            Some(json!({"is_admin": false})),
        )
        .await;
    let demoted: User = data(res).await;
    assert!(!demoted.is_admin);
    assert!(second.user.is_admin);
}

#[tokio::test]
async fn deactivation_revokes_tokens_and_refuses_sign_in_and_key_exchange() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let made = create_user(
        &server,
        &admin,
        json!({"email": "leaver@rushes.test", "password": "long enough pw"}),
    )
    .await;
    let id = made.user.id;
    let key = server.key_for("leaver@rushes.test").await;
    let pair = server.exchange(&key).await;
    assert!(works(&server, &pair.access_token).await);

    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{id}"),
            Some(json!({"active": false})),
        )
        .await;
    let off: User = data(res).await;
    assert!(!off.active);

    let res = server.get(&pair.access_token, "api/me").await;
    error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let refresh = server
        .http
        .post(server.url("auth/refresh"))
        .json(&json!({"refreshToken": pair.refresh_token}))
        .send()
        .await
        .unwrap();
    error(refresh, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let exchange = server
        .http
        .post(server.url("auth/api-key"))
        .json(&json!({"apiKey": key}))
        .send()
        .await
        .unwrap();
    error(exchange, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_ne!(
        password_sign_in(&server, "leaver@rushes.test", "long enough pw").await,
        StatusCode::OK
    );

    // Back on: new sign-ins work, the old tokens stay revoked.
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{id}"),
            Some(json!({"active": true})),
        )
        .await;
    assert!(data::<User>(res).await.active);
    assert!(!works(&server, &pair.access_token).await);
    let again = server.exchange(&key).await;
    assert!(works(&server, &again.access_token).await);
}

#[tokio::test]
async fn admins_change_names_emails_passwords_and_admin_rights() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let made = create_user(
        &server,
        &admin,
        json!({"email": "old@rushes.test", "password": "first password"}),
    )
    .await;
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{}", made.user.id),
            Some(json!({
                "name": "New Name",
                "email": "New@Rushes.Test",
                "password": "second password",
                "is_admin": true
            })),
        )
        .await;
    let changed: User = data(res).await;
    assert_eq!(changed.name, "New Name");
    assert_eq!(changed.email, "new@rushes.test");
    assert!(changed.is_admin);
    assert_ne!(
        password_sign_in(&server, "new@rushes.test", "first password").await,
        StatusCode::OK
    );
    assert_eq!(
        password_sign_in(&server, "new@rushes.test", "second password").await,
        StatusCode::OK
    );
}
