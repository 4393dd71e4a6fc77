//! The typed client's user, member and role methods against the real server.

use rushes_api::folders::NewFolder;
use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::members::UserGrant;
use rushes_api::projects::NewProject;
use rushes_api::roles::Role;
use rushes_api::users::{NewUser, UserUpdate};
use rushes_client::Secret;

use crate::{client_for, TestServer};

#[tokio::test]
async fn admins_manage_users_members_and_roles_through_the_client() {
    let server = TestServer::start().await;
    let admin = server.client().await;

    // Users: invite one, create one with a password, find, change, re-invite.
    let invited = admin
        .create_user(&NewUser {
            email: "ada@rushes.invalid".into(),
            name: Some("Ada".into()),
            ..NewUser::default()
        })
        .await
        .unwrap();
    assert!(invited.invitation_url.is_some());
    let bob = admin
        .create_user(&NewUser {
            email: "bob@rushes.invalid".into(),
            password: Some("long enough pw".into()),
            ..NewUser::default()
        })
        .await
        .unwrap();
    assert_eq!(bob.invitation_url, None);
    let found = admin.list_users(Some("ad"), None).await.unwrap();
    assert_eq!(found, vec![invited.user.clone()]);
    assert_eq!(
        admin.list_users(None, Some("bob@")).await.unwrap(),
        vec![bob.user.clone()]
    );
    let renamed = admin
        .update_user(
            bob.user.id,
            &UserUpdate {
                name: Some("Bob B".into()),
                ..UserUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Bob B");
    assert_eq!(admin.user(bob.user.id).await.unwrap(), renamed);
    let again = admin.reinvite_user(invited.user.id).await.unwrap();
    assert_ne!(again.invitation_url, invited.invitation_url);

    // Members: a project role for Ada, a folder grant for Bob.
    let p = admin
        .create_project(&NewProject {
            name: "Feature".into(),
            description: String::new(),
        })
        .await
        .unwrap();
    let day1 = admin
        .create_folder(
            p.id,
            &NewFolder {
                name: "Day 1".into(),
                parent_id: None,
            },
        )
        .await
        .unwrap();
    let ada = admin
        .set_project_role(p.id, invited.user.id, Some(Role::Editor))
        .await
        .unwrap();
    assert_eq!(ada.role, Some(Role::Editor));
    let on_day1 = admin
        .set_folder_role(p.id, day1.id, bob.user.id, Some(Role::Commenter))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(on_day1.role, Role::Commenter);
    let members = admin.project_members(p.id).await.unwrap();
    assert_eq!(members.len(), 3, "the owner, Ada and Bob: {members:?}");
    let folder_members = admin.folder_members(p.id, day1.id).await.unwrap();
    let ada_there = folder_members
        .iter()
        .find(|m| m.user.id == invited.user.id)
        .unwrap();
    assert_eq!(ada_there.role, Role::Editor);
    assert_eq!(ada_there.sources[0].folder_id, None, "from the project");

    // Roles as a whole, read by the user themselves.
    let key = server
        .handle
        .create_api_key("bob@rushes.invalid", "test")
        .await
        .unwrap();
    let as_bob = client_for(&server.handle, Secret::new(key.secret));
    let bobs = as_bob.user_roles(bob.user.id).await.unwrap();
    assert_eq!(
        bobs,
        vec![UserGrant {
            project_id: p.id,
            folder_id: Some(day1.id),
            role: Role::Commenter
        }]
    );
    let err: AppError = as_bob.list_users(None, None).await.unwrap_err().into();
    assert_eq!(err.code, AppErrorCode::Forbidden);

    // Taking every role away switches Bob off; his client is signed out.
    let removed = admin
        .set_folder_role(p.id, day1.id, bob.user.id, None)
        .await
        .unwrap();
    assert_eq!(removed, None);
    let err: AppError = as_bob.me().await.unwrap_err().into();
    assert_eq!(err.code, AppErrorCode::Unauthenticated);
    assert!(!admin.user(bob.user.id).await.unwrap().active);

    let set = admin
        .set_user_roles(
            bob.user.id,
            &[UserGrant {
                project_id: p.id,
                folder_id: None,
                role: Role::Viewer,
            }],
        )
        .await
        .unwrap();
    assert_eq!(set.len(), 1);
    assert!(admin.user(bob.user.id).await.unwrap().active);
    let ada = admin
        .set_project_role(p.id, invited.user.id, None)
        .await
        .unwrap();
    assert_eq!(ada.role, None);
}
