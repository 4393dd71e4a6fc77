//! Members and roles: project roles, folder grants and their inheritance, a user's whole set of
//! grants, and the guard rails around them.

use reqwest::{Method, StatusCode};
use rushes_api::members::{FolderMember, Member, UserGrant};
use rushes_api::roles::Role;
use rushes_api::users::User;
use serde_json::{json, Value};

use crate::common::{data, error, TestServer};
use crate::people::{acquaint, password_sign_in, put_role, user_with_token, works};

fn member_path(p: i64, uid: i64) -> String {
    format!("api/projects/{p}/members/{uid}")
}

fn folder_member_path(p: i64, f: i64, uid: i64) -> String {
    format!("api/projects/{p}/folders/{f}/members/{uid}")
}

#[tokio::test]
async fn managers_give_change_and_take_away_project_roles() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, boss) = user_with_token(&server, &admin, "boss@rushes.test").await;
    let p = server.project(&boss, "Feature").await;
    let (ada, ada_token) = user_with_token(&server, &admin, "ada@rushes.test").await;
    // A manager reaches only people who share a project with them: before that, ada is not
    // found. An admin brings her in.
    let res = put_role(&server, &boss, &member_path(p, ada), json!("viewer")).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    put_role(&server, &admin, &member_path(p, ada), json!("commenter")).await;

    let res = put_role(&server, &boss, &member_path(p, ada), json!("viewer")).await;
    let m: Member = data(res).await;
    assert_eq!((m.user.id, m.role), (ada, Some(Role::Viewer)));
    assert_eq!(m.user.email, "ada@rushes.test");
    assert!(works(&server, &ada_token).await);
    let listed: Vec<Member> = data(
        server
            .get(&ada_token, &format!("api/projects/{p}/members"))
            .await,
    )
    .await;
    let roles: Vec<_> = listed
        .iter()
        .map(|m| (m.user.name.as_str(), m.role))
        .collect();
    assert_eq!(
        roles,
        [("ada", Some(Role::Viewer)), ("boss", Some(Role::Manager))]
    );

    let m: Member =
        data(put_role(&server, &boss, &member_path(p, ada), json!("editor")).await).await;
    assert_eq!(m.role, Some(Role::Editor));
    server
        .folder(&ada_token, p, None, "Made by an editor")
        .await;

    let m: Member = data(put_role(&server, &boss, &member_path(p, ada), Value::Null).await).await;
    assert_eq!(m.role, None);
    // Her only role is gone: so is her account (see below), and with it her token.
    assert!(!works(&server, &ada_token).await);

    // She shares no project with the manager any more: not found for him; for an admin,
    // removing nothing is fine.
    let res = server
        .send(Method::DELETE, &boss, &member_path(p, ada), None)
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = server
        .send(Method::DELETE, &admin, &member_path(p, ada), None)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::NO_CONTENT,
        "removing nothing is fine"
    );
}

#[tokio::test]
async fn role_changes_reject_bad_input() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "P").await;
    let (ada, _) = user_with_token(&server, &admin, "ada@rushes.test").await;
    let res = put_role(&server, &admin, &member_path(p, ada), json!("owner")).await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = server
        .send(Method::PUT, &admin, &member_path(p, ada), Some(json!({})))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = put_role(&server, &admin, &member_path(p, 9999), json!("viewer")).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = put_role(&server, &admin, &member_path(9999, ada), json!("viewer")).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    // A folder of another project is not found here.
    let q = server.project(&admin, "Q").await;
    let in_q = server.folder(&admin, q, None, "Q1").await;
    let res = put_role(
        &server,
        &admin,
        &folder_member_path(p, in_q, ada),
        json!("viewer"),
    )
    .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_project_keeps_its_last_manager_unless_an_admin_decides() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (boss_id, boss) = user_with_token(&server, &admin, "boss@rushes.test").await;
    let p = server.project(&boss, "Feature").await;

    for change in [json!("editor"), Value::Null] {
        let res = put_role(&server, &boss, &member_path(p, boss_id), change).await;
        let err = error(res, StatusCode::CONFLICT, "conflict").await;
        assert!(err.message().contains("at least one manager"), "{err:?}");
    }
    let res = server
        .send(Method::DELETE, &boss, &member_path(p, boss_id), None)
        .await;
    error(res, StatusCode::CONFLICT, "conflict").await;

    // With a second manager, the first may step down.
    let (ada, _) = user_with_token(&server, &admin, "ada@rushes.test").await;
    acquaint(&server, &admin, &[boss_id, ada]).await;
    put_role(&server, &boss, &member_path(p, ada), json!("manager")).await;
    let m: Member =
        data(put_role(&server, &boss, &member_path(p, boss_id), json!("viewer")).await).await;
    assert_eq!(m.role, Some(Role::Viewer));

    // An admin may leave a project without managers (admins manage every project anyway).
    let res = put_role(&server, &admin, &member_path(p, ada), Value::Null).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn removing_the_last_role_deactivates_and_a_new_role_reactivates() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "P").await;
    let a = server.folder(&admin, p, None, "A").await;
    let made = crate::people::create_user(
        &server,
        &admin,
        json!({"email": "free@rushes.test", "password": "long enough pw"}),
    )
    .await;
    let id = made.user.id;
    put_role(&server, &admin, &member_path(p, id), json!("viewer")).await;
    put_role(
        &server,
        &admin,
        &folder_member_path(p, a, id),
        json!("editor"),
    )
    .await;
    let token = server.token_for("free@rushes.test").await;

    // One role left: still active.
    put_role(&server, &admin, &member_path(p, id), Value::Null).await;
    assert!(works(&server, &token).await);
    // None left: off, signed out everywhere, no sign-in.
    put_role(&server, &admin, &folder_member_path(p, a, id), Value::Null).await;
    let user: User = data(server.get(&admin, &format!("api/users/{id}")).await).await;
    assert!(!user.active);
    assert!(!works(&server, &token).await);
    assert_ne!(
        password_sign_in(&server, "free@rushes.test", "long enough pw").await,
        StatusCode::OK
    );

    // A role again: back on, with new sign-ins only.
    put_role(&server, &admin, &member_path(p, id), json!("commenter")).await;
    let user: User = data(server.get(&admin, &format!("api/users/{id}")).await).await;
    assert!(user.active);
    assert!(!works(&server, &token).await);
    assert_eq!(
        password_sign_in(&server, "free@rushes.test", "long enough pw").await,
        StatusCode::OK
    );

    // Switched off by an admin: a project manager's new role does not switch it back on.
    let res = server
        .send(
            Method::PATCH,
            &admin,
            &format!("api/users/{id}"),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    put_role(&server, &admin, &member_path(p, id), json!("editor")).await;
    let user: User = data(server.get(&admin, &format!("api/users/{id}")).await).await;
    assert!(!user.active);
}

#[tokio::test]
async fn a_folder_grant_covers_its_subfolders_but_not_siblings_or_other_projects() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "P").await;
    let a = server.folder(&admin, p, None, "A").await;
    let sub = server.folder(&admin, p, Some(a), "Sub").await;
    let b = server.folder(&admin, p, None, "B").await;
    let q = server.project(&admin, "Q").await;
    let in_q = server.folder(&admin, q, None, "QA").await;
    let (id, token) = user_with_token(&server, &admin, "cutter@rushes.test").await;
    put_role(
        &server,
        &admin,
        &folder_member_path(p, a, id),
        json!("editor"),
    )
    .await;

    for parent in [a, sub] {
        server.folder(&token, p, Some(parent), "Mine").await;
    }
    for (project, folder) in [(p, b), (q, in_q)] {
        let res = server
            .get(&token, &format!("api/projects/{project}/folders/{folder}"))
            .await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    // The project is visible, but a folder grant is no project role.
    assert_eq!(
        server
            .get(&token, &format!("api/projects/{p}"))
            .await
            .status(),
        StatusCode::OK
    );
    let res = server
        .post(
            &token,
            &format!("api/projects/{p}/folders"),
            json!({"name": "Top"}),
        )
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn folder_members_show_their_effective_role_and_where_it_comes_from() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (boss_id, boss) = user_with_token(&server, &admin, "boss@rushes.test").await;
    let p = server.project(&boss, "P").await;
    let a = server.folder(&boss, p, None, "A").await;
    let sub = server.folder(&boss, p, Some(a), "Sub").await;
    let b = server.folder(&boss, p, None, "B").await;
    let (ada, _) = user_with_token(&server, &admin, "ada@rushes.test").await;
    let (bob, _) = user_with_token(&server, &admin, "bob@rushes.test").await;
    acquaint(&server, &admin, &[boss_id, ada, bob]).await;
    put_role(&server, &boss, &member_path(p, ada), json!("viewer")).await;
    put_role(
        &server,
        &boss,
        &folder_member_path(p, a, ada),
        json!("editor"),
    )
    .await;
    put_role(
        &server,
        &boss,
        &folder_member_path(p, b, bob),
        json!("manager"),
    )
    .await;
    let res = put_role(
        &server,
        &boss,
        &folder_member_path(p, sub, ada),
        json!("commenter"),
    )
    .await;
    let on_sub: FolderMember = data(res).await;
    assert_eq!(on_sub.role, Role::Editor, "the highest that applies");
    let sources: Vec<_> = on_sub
        .sources
        .iter()
        .map(|s| (s.folder_name.as_deref(), s.role))
        .collect();
    assert_eq!(
        sources,
        [
            (None, Role::Viewer),
            (Some("A"), Role::Editor),
            (Some("Sub"), Role::Commenter)
        ]
    );

    let listed: Vec<FolderMember> = data(
        server
            .get(&boss, &format!("api/projects/{p}/folders/{sub}/members"))
            .await,
    )
    .await;
    let who: Vec<_> = listed
        .iter()
        .map(|m| (m.user.name.as_str(), m.role))
        .collect();
    assert_eq!(
        who,
        [("ada", Role::Editor), ("boss", Role::Manager)],
        "bob's grant is on B"
    );

    let members: Vec<Member> = data(
        server
            .get(&boss, &format!("api/projects/{p}/members"))
            .await,
    )
    .await;
    let ada_entry = members.iter().find(|m| m.user.id == ada).unwrap();
    assert_eq!(ada_entry.role, Some(Role::Viewer));
    let grants: Vec<_> = ada_entry
        .folders
        .iter()
        .map(|g| (g.folder_name.as_str(), g.role))
        .collect();
    assert_eq!(grants, [("A", Role::Editor), ("Sub", Role::Commenter)]);
}

#[tokio::test]
async fn folder_only_members_see_the_project_roles_and_grants_in_their_reach() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "P").await;
    let a = server.folder(&admin, p, None, "A").await;
    let sub = server.folder(&admin, p, Some(a), "Sub").await;
    let b = server.folder(&admin, p, None, "B").await;
    let (me, token) = user_with_token(&server, &admin, "me@rushes.test").await;
    let (near, _) = user_with_token(&server, &admin, "near@rushes.test").await;
    let (far, _) = user_with_token(&server, &admin, "far@rushes.test").await;
    put_role(
        &server,
        &admin,
        &folder_member_path(p, a, me),
        json!("viewer"),
    )
    .await;
    put_role(
        &server,
        &admin,
        &folder_member_path(p, sub, near),
        json!("editor"),
    )
    .await;
    put_role(
        &server,
        &admin,
        &folder_member_path(p, b, far),
        json!("editor"),
    )
    .await;

    let listed: Vec<Member> = data(
        server
            .get(&token, &format!("api/projects/{p}/members"))
            .await,
    )
    .await;
    let names: Vec<_> = listed.iter().map(|m| m.user.name.as_str()).collect();
    assert_eq!(
        names,
        ["Admin", "me", "near"],
        "the project's manager, and grants under A"
    );
}

#[tokio::test]
async fn folder_managers_grant_roles_in_their_folder_only() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "P").await;
    let a = server.folder(&admin, p, None, "A").await;
    let sub = server.folder(&admin, p, Some(a), "Sub").await;
    let b = server.folder(&admin, p, None, "B").await;
    let (lead, lead_token) = user_with_token(&server, &admin, "lead@rushes.test").await;
    let (ada, ada_token) = user_with_token(&server, &admin, "ada@rushes.test").await;
    acquaint(&server, &admin, &[lead, ada]).await;
    put_role(
        &server,
        &admin,
        &folder_member_path(p, a, lead),
        json!("manager"),
    )
    .await;

    let res = put_role(
        &server,
        &lead_token,
        &folder_member_path(p, sub, ada),
        json!("editor"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    server.folder(&ada_token, p, Some(sub), "Cut").await;
    let res = put_role(
        &server,
        &lead_token,
        &folder_member_path(p, b, ada),
        json!("editor"),
    )
    .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = put_role(&server, &lead_token, &member_path(p, ada), json!("editor")).await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn a_users_roles_are_read_and_replaced_as_a_whole() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let p = server.project(&admin, "P").await;
    let a = server.folder(&admin, p, None, "A").await;
    let q = server.project(&admin, "Q").await;
    let (id, token) = user_with_token(&server, &admin, "ada@rushes.test").await;
    let (_, other) = user_with_token(&server, &admin, "other@rushes.test").await;
    let path = format!("api/users/{id}/roles");

    let wanted = json!([
        {"project_id": q, "role": "viewer"},
        {"project_id": p, "folder_id": a, "role": "editor"},
        {"project_id": p, "folder_id": null, "role": "commenter"},
    ]);
    let res = server.send(Method::PUT, &admin, &path, Some(wanted)).await;
    let set: Vec<UserGrant> = data(res).await;
    assert_eq!(set.len(), 3);
    let mine: Vec<UserGrant> = data(server.get(&token, &path).await).await;
    assert_eq!(mine, set, "a user may read their own roles");
    assert_eq!(
        mine[0],
        UserGrant {
            project_id: p,
            folder_id: None,
            role: Role::Commenter
        }
    );
    let res = server.get(&other, &path).await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = server
        .send(Method::PUT, &token, &path, Some(json!([])))
        .await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;

    // One bad entry: nothing changes, and the answer names it.
    let bad = json!([
        {"project_id": p, "role": "manager"},
        {"project_id": 9999, "role": "viewer"},
        {"project_id": q, "folder_id": a, "role": "viewer"},
        {"project_id": p, "role": "viewer"},
    ]);
    let res = server.send(Method::PUT, &admin, &path, Some(bad)).await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<_> = err.error.keys().map(String::as_str).collect();
    assert_eq!(fields, ["roles[1]", "roles[2]", "roles[3]"]);
    let unchanged: Vec<UserGrant> = data(server.get(&admin, &path).await).await;
    assert_eq!(unchanged, set);

    // Nothing at all: deactivated.
    let res = server
        .send(Method::PUT, &admin, &path, Some(json!([])))
        .await;
    assert!(data::<Vec<UserGrant>>(res).await.is_empty());
    assert!(!works(&server, &token).await);
    let res = server.get(&admin, "api/users/9999/roles").await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}
