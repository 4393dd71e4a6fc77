//! The client's project, folder and file methods against the real server: changes, one page at
//! a time with sort and filter, and the errors the UI branches on.

use rushes_api::files::{FileState, FileUpdate, NewFile};
use rushes_api::folders::{FolderUpdate, NewFolder};
use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::page::{ListQuery, SortKey};
use rushes_api::projects::{NewProject, ProjectUpdate};

use crate::TestServer;

fn new_file(name: &str, size: i64) -> NewFile {
    NewFile {
        name: name.into(),
        size: Some(size),
        content_type: None,
    }
}

#[tokio::test]
async fn projects_folders_and_files_change_through_the_client() {
    let server = TestServer::start().await;
    let api = server.client().await;
    let p = api
        .create_project(&NewProject {
            name: "Doc".into(),
            description: String::new(),
        })
        .await
        .unwrap();
    let p = api
        .update_project(
            p.id,
            &ProjectUpdate {
                name: Some("Documentary".into()),
                description: Some("Shot in 2026".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(p.name, "Documentary");
    let page = api
        .projects_page(
            &ListQuery {
                name: Some("DOCU".into()),
                ..ListQuery::default()
            },
            1,
            10,
        )
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (1, 1));

    let folder = |name: &str, parent| NewFolder {
        name: name.into(),
        parent_id: parent,
    };
    let a = api.create_folder(p.id, &folder("A", None)).await.unwrap();
    let b = api.create_folder(p.id, &folder("B", None)).await.unwrap();
    let moved = api
        .update_folder(
            p.id,
            b.id,
            &FolderUpdate {
                name: Some("B2".into()),
                parent_id: Some(Some(a.id)),
            },
        )
        .await
        .unwrap();
    assert_eq!((moved.name.as_str(), moved.parent_id), ("B2", Some(a.id)));
    let page = api
        .folders_page(p.id, Some(a.id), &ListQuery::default(), 1, 50)
        .await
        .unwrap();
    assert_eq!(page.items, vec![moved.clone()]);

    for (name, size) in [("small.wav", 10), ("big.mov", 300), ("mid.mov", 20)] {
        let f = api
            .create_file(p.id, a.id, &new_file(name, size))
            .await
            .unwrap();
        assert_eq!(f.state, FileState::Pending);
    }
    let by_size = ListQuery {
        sort: Some(SortKey::Size),
        descending: true,
        ..ListQuery::default()
    };
    let files = api.list_files(p.id, a.id, &by_size).await.unwrap();
    let names: Vec<_> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["big.mov", "mid.mov", "small.wav"]);
    let page = api.files_page(p.id, a.id, &by_size, 2, 2).await.unwrap();
    assert_eq!((page.total, page.items.len()), (3, 1));

    let big = (p.id, a.id, files[0].id);
    let renamed = api
        .update_file(
            big,
            &FileUpdate {
                name: Some("A001.mov".into()),
                folder_id: Some(moved.id),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.folder_id, renamed.name.as_str()),
        (moved.id, "A001.mov")
    );
    let big = (p.id, moved.id, renamed.id);
    assert_eq!(api.file(big).await.unwrap(), renamed);

    // Pending: nothing to download yet; the server says why.
    let e = AppError::from(api.download_url(big).await.unwrap_err());
    assert_eq!(e.code, AppErrorCode::Conflict, "{e:?}");
    let e = AppError::from(api.poster_url(big).await.unwrap_err());
    assert_eq!(e.code, AppErrorCode::NotFound, "{e:?}");

    api.delete_file(big).await.unwrap();
    let e = AppError::from(api.file(big).await.unwrap_err());
    assert_eq!(e.code, AppErrorCode::NotFound);
    api.delete_folder(p.id, a.id).await.unwrap();
    let e = AppError::from(api.folder(p.id, moved.id).await.unwrap_err());
    assert_eq!(e.code, AppErrorCode::NotFound);
    api.delete_project(p.id).await.unwrap();
    assert!(api.list_projects().await.unwrap().is_empty());
}
