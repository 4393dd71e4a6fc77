//! Finding 6: the member endpoints are not a user directory. Anyone may create a project and so
//! manage one, but naming a user id there answers that person's name and email only when the
//! caller could see them anyway: an admin, themselves, or someone sharing a project with them.
//! Anyone else is not found, exactly like an id that does not exist.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{error, TestServer};
use crate::people::{put_role, user_with_token};

#[tokio::test]
async fn a_new_project_does_not_reveal_people_outside_the_callers_projects() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, mallory) = user_with_token(&server, &admin, "mallory@rushes.test").await;
    let (stranger, _) = user_with_token(&server, &admin, "stranger@rushes.test").await;
    let (colleague, _) = user_with_token(&server, &admin, "colleague@rushes.test").await;
    let (mallory_id, _) = (
        crate::common::data::<Value>(server.get(&mallory, "api/me").await).await["id"]
            .as_i64()
            .unwrap(),
        (),
    );
    let shared = server.project(&admin, "Shared").await;
    for id in [mallory_id, colleague] {
        put_role(
            &server,
            &admin,
            &format!("api/projects/{shared}/members/{id}"),
            json!("viewer"),
        )
        .await;
    }

    let own = server.project(&mallory, "Phishing net").await;
    let folder = server.folder(&mallory, own, None, "Net").await;
    for path in [
        format!("api/projects/{own}/members/{stranger}"),
        format!("api/projects/{own}/folders/{folder}/members/{stranger}"),
    ] {
        let res = put_role(&server, &mallory, &path, json!("viewer")).await;
        let hidden = res.text().await.unwrap();
        let missing_path = path.replace(&format!("/{stranger}"), "/999999");
        let res = put_role(&server, &mallory, &missing_path, json!("viewer")).await;
        let missing = res.text().await.unwrap();
        assert!(!hidden.contains("stranger@rushes.test"), "{hidden}");
        assert_eq!(hidden, missing, "hidden and missing must look alike");
        let res = put_role(&server, &mallory, &path, json!("viewer")).await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    // Nothing was granted on the way.
    let members: Vec<Value> = crate::common::data(
        server
            .get(&mallory, &format!("api/projects/{own}/members"))
            .await,
    )
    .await;
    assert_eq!(members.len(), 1, "{members:?}");

    // Someone sharing a project is visible and can be brought in; so is the caller.
    let res = put_role(
        &server,
        &mallory,
        &format!("api/projects/{own}/members/{colleague}"),
        json!("viewer"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = put_role(
        &server,
        &mallory,
        &format!("api/projects/{own}/folders/{folder}/members/{mallory_id}"),
        json!("editor"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // An admin reaches anyone.
    let res = put_role(
        &server,
        &admin,
        &format!("api/projects/{own}/members/{stranger}"),
        json!("viewer"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}
