//! The typed client against the real server: every implemented endpoint, and errors arriving as
//! the codes the UI branches on.

use rushes_api::folders::NewFolder;
use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::projects::NewProject;

use crate::TestServer;

fn project(name: &str) -> NewProject {
    NewProject {
        name: name.into(),
        description: String::new(),
    }
}

#[tokio::test]
async fn creates_and_lists_projects_and_nested_folders() {
    let server = TestServer::start().await;
    let api = server.client().await;

    let me = api.me().await.unwrap();
    assert_eq!(me.email, crate::OWNER);

    let p = api.create_project(&project("Feature A")).await.unwrap();
    assert_eq!(api.project(p.id).await.unwrap(), p);
    let day1 = api
        .create_folder(
            p.id,
            &NewFolder {
                name: "Day 1".into(),
                parent_id: None,
            },
        )
        .await
        .unwrap();
    let cam = api
        .create_folder(
            p.id,
            &NewFolder {
                name: "A-Cam".into(),
                parent_id: Some(day1.id),
            },
        )
        .await
        .unwrap();
    assert_eq!(cam.parent_id, Some(day1.id));
    assert_eq!(api.folder(p.id, cam.id).await.unwrap(), cam);

    let top = api.list_folders(p.id, None).await.unwrap();
    assert_eq!(top, vec![day1.clone()]);
    let inside = api.list_folders(p.id, Some(day1.id)).await.unwrap();
    assert_eq!(inside, vec![cam]);

    let listed = api.list_projects().await.unwrap();
    assert_eq!(listed, vec![p]);
}

#[tokio::test]
async fn lists_walk_every_page() {
    let server = TestServer::start().await;
    let api = server.client().await;
    let p = api.create_project(&project("Many")).await.unwrap();
    // More than one page of the client's page size (500).
    for i in 0..520 {
        api.create_folder(
            p.id,
            &NewFolder {
                name: format!("F{i:04}"),
                parent_id: None,
            },
        )
        .await
        .unwrap();
    }
    let all = api.list_folders(p.id, None).await.unwrap();
    assert_eq!(all.len(), 520);
    assert_eq!(all.first().unwrap().name, "F0000");
    assert_eq!(all.last().unwrap().name, "F0519");
}

#[tokio::test]
async fn server_errors_arrive_as_ui_codes() {
    let server = TestServer::start().await;
    let api = server.client().await;
    let p = api.create_project(&project("Clash")).await.unwrap();

    let err: AppError = api
        .create_project(&project("a/b"))
        .await
        .unwrap_err()
        .into();
    assert_eq!(err.code, AppErrorCode::Invalid);
    assert!(err.message.contains("name"), "{}", err.message);

    let new = NewFolder {
        name: "Same".into(),
        parent_id: None,
    };
    api.create_folder(p.id, &new).await.unwrap();
    let err: AppError = api.create_folder(p.id, &new).await.unwrap_err().into();
    assert_eq!(err.code, AppErrorCode::NameTaken);

    let err: AppError = api.project(p.id + 1000).await.unwrap_err().into();
    assert_eq!(err.code, AppErrorCode::NotFound);
}

#[tokio::test]
async fn unreachable_server_is_offline() {
    let server = TestServer::start().await;
    let api = server.client().await;
    api.me().await.unwrap();
    server.handle.shutdown().await;
    let err: AppError = api.me().await.unwrap_err().into();
    assert_eq!(err.code, AppErrorCode::Offline, "{}", err.message);
}
