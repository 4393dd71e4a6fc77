//! Members and roles in the real app: add someone to a project by email, change their role, and
//! check both through the library's HTTP API.

use fantoccini::Locator;
use rushes_api::roles::Role;
use rushes_api::users::NewUser;

use crate::fixtures::Library;
use crate::start_app;

#[tokio::test]
async fn add_a_member_and_change_their_role() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    let url = app.library_url().await.unwrap();
    app.create_project("Night Shoot").await.unwrap();
    let library = Library::open(&url, &app.data_dir).await.unwrap();
    let ada = library
        .api
        .create_user(&NewUser {
            email: "ada@example.org".into(),
            name: Some("Ada".into()),
            ..NewUser::default()
        })
        .await
        .unwrap()
        .user;

    app.click(r#"[data-testid="open-members"]"#).await.unwrap();
    app.wait_for_text(r#"[data-testid="members-title"]"#, "Members of Night Shoot")
        .await
        .unwrap();

    // Add Ada as an editor.
    app.click(r#"[data-testid="add-member"]"#).await.unwrap();
    app.type_into(r#"[data-testid="member-email"]"#, "ada@example.org")
        .await
        .unwrap();
    app.click(r#"[data-testid="member-role-editor"]"#)
        .await
        .unwrap();
    app.click(r#"[data-testid="member-submit"]"#).await.unwrap();
    let row = r#"[data-testid="member-row"][data-email="ada@example.org"]"#;
    app.wait_for_attr(row, "data-role", |r| r == "editor")
        .await
        .unwrap();

    // Make her a commenter with the row's picker.
    let picker = app
        .find(&format!(r#"{row} [data-testid="member-role"]"#))
        .await
        .unwrap();
    picker.select_by_value("commenter").await.unwrap();
    app.wait_for_attr(row, "data-role", |r| r == "commenter")
        .await
        .unwrap();
    assert!(app
        .client
        .find(Locator::Css(&format!(
            r#"{row} [data-testid="member-from"]"#
        )))
        .await
        .is_ok());

    let project = library.project_id("Night Shoot").await.unwrap();
    let members = library.api.project_members(project).await.unwrap();
    let member = members.iter().find(|m| m.user.id == ada.id).unwrap();
    assert_eq!(member.role, Some(Role::Commenter));
    app.close().await;
}
