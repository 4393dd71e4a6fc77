//! Reviewing through the typed client against the real server: metadata of files and folders,
//! comments and replies, and their errors arriving as the codes the UI branches on.

use std::collections::BTreeMap;

use rushes_api::comments::{CommentUpdate, NewComment};
use rushes_api::files::NewFile;
use rushes_api::folders::NewFolder;
use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::projects::NewProject;
use rushes_api::Id;
use rushes_client::ApiClient;

use crate::TestServer;

/// A project, a folder and a file in it, made as the owner.
async fn clip(api: &ApiClient) -> (Id, Id, Id) {
    let p = api
        .create_project(&NewProject {
            name: "Review".into(),
            description: String::new(),
        })
        .await
        .unwrap();
    let folder = api
        .create_folder(
            p.id,
            &NewFolder {
                name: "Day 1".into(),
                parent_id: None,
            },
        )
        .await
        .unwrap();
    let file = api
        .create_file(
            p.id,
            folder.id,
            &NewFile {
                name: "A001.mov".into(),
                size: None,
                content_type: None,
            },
        )
        .await
        .unwrap();
    (p.id, folder.id, file.id)
}

#[tokio::test]
async fn metadata_of_files_and_folders_round_trips() {
    let server = TestServer::start().await;
    let api = server.client().await;
    let (p, f, file) = clip(&api).await;

    let fresh = api.file_metadata((p, f, file)).await.unwrap();
    assert!(fresh.custom.is_empty());
    assert_eq!(fresh.technical, Some(Default::default()));

    let pairs = BTreeMap::from([("scene".to_owned(), "12".to_owned())]);
    let put = api
        .replace_file_metadata((p, f, file), &pairs)
        .await
        .unwrap();
    assert_eq!(put.custom, pairs);
    let changes = BTreeMap::from([
        ("scene".to_owned(), None),
        ("take".to_owned(), Some("3".to_owned())),
    ]);
    let patched = api
        .patch_file_metadata((p, f, file), &changes)
        .await
        .unwrap();
    assert_eq!(
        patched.custom,
        BTreeMap::from([("take".to_owned(), "3".to_owned())])
    );
    assert_eq!(api.file_metadata((p, f, file)).await.unwrap(), patched);

    let folder = api
        .replace_folder_metadata(p, f, &BTreeMap::from([("client".into(), "ACME".into())]))
        .await
        .unwrap();
    assert_eq!(folder.technical, None);
    let folder = api
        .patch_folder_metadata(p, f, &BTreeMap::from([("job".into(), Some("42".into()))]))
        .await
        .unwrap();
    assert_eq!(folder.custom.len(), 2);
    assert_eq!(api.folder_metadata(p, f).await.unwrap(), folder);

    let reserved = BTreeMap::from([("duration".to_owned(), "3".to_owned())]);
    let err: AppError = api
        .replace_file_metadata((p, f, file), &reserved)
        .await
        .unwrap_err()
        .into();
    assert_eq!(err.code, AppErrorCode::Invalid);
    assert!(err.message.contains("duration"), "{}", err.message);
}

#[tokio::test]
async fn comments_threads_replies_edits_and_deletion() {
    let server = TestServer::start().await;
    let api = server.client().await;
    let (p, f, file) = clip(&api).await;

    let on_frames = api
        .create_comment(
            (p, f, file),
            &NewComment {
                body: "soft focus".into(),
                frame: Some(24),
                frame_out: Some(48),
                drawing: None,
            },
        )
        .await
        .unwrap();
    let whole = api
        .create_comment(
            (p, f, file),
            &NewComment {
                body: "great take".into(),
                ..NewComment::default()
            },
        )
        .await
        .unwrap();
    let reply = api
        .reply_to_comment((p, f, file), on_frames.id, "fixed in v2")
        .await
        .unwrap();
    assert_eq!(reply.parent_id, Some(on_frames.id));

    let threads = api.list_comments((p, f, file)).await.unwrap();
    assert_eq!(
        threads.iter().map(|c| c.id).collect::<Vec<_>>(),
        [whole.id, on_frames.id]
    );
    assert_eq!(threads[1].replies, vec![reply.clone()]);

    let resolved = api
        .update_comment(
            (p, f, file),
            on_frames.id,
            &CommentUpdate {
                resolved: Some(true),
                body: Some("soft focus, 2nd half".into()),
                ..CommentUpdate::default()
            },
        )
        .await
        .unwrap();
    assert!(resolved.resolved);
    assert_eq!(resolved.body, "soft focus, 2nd half");

    let err: AppError = api
        .reply_to_comment((p, f, file), reply.id, "deeper")
        .await
        .unwrap_err()
        .into();
    assert_eq!(err.code, AppErrorCode::Invalid);

    api.delete_comment((p, f, file), on_frames.id)
        .await
        .unwrap();
    let left = api.list_comments((p, f, file)).await.unwrap();
    assert_eq!(left.iter().map(|c| c.id).collect::<Vec<_>>(), [whole.id]);
    let err: AppError = api
        .delete_comment((p, f, file), reply.id)
        .await
        .unwrap_err()
        .into();
    assert_eq!(err.code, AppErrorCode::NotFound);
}
