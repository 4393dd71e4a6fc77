//! The app's comment notifications against the real server: the first poll only records where
//! the caller's activity ends; later polls turn others' new comments into notices.

use rushes_api::comments::NewComment;
use rushes_api::roles::Role;
use rushes_api::users::NewUser;
use rushes_client::activity_watch::ActivityWatch;
use rushes_client::Secret;

use crate::transfers::{random_file, uploaded, Setup};

#[tokio::test]
async fn others_comments_on_my_upload_become_notices_after_the_first_poll() {
    let Setup {
        _server,
        api,
        p,
        f,
        dir,
        engine,
    } = Setup::new().await;
    let source = random_file(dir.path(), "A001.mov", 1000, 101);
    let file = uploaded(&engine, &source, p, f).await;
    let ana = api
        .create_user(&NewUser {
            email: "ana@rushes.invalid".into(),
            name: Some("Ana".into()),
            password: Some("long enough pw".into()),
            ..NewUser::default()
        })
        .await
        .unwrap();
    api.set_project_role(p, ana.user.id, Some(Role::Commenter))
        .await
        .unwrap();
    let key = _server
        .handle
        .create_api_key("ana@rushes.invalid", "test")
        .await
        .unwrap();
    let ana = crate::client_for(&_server.handle, Secret::new(key.secret));
    let say = |body: &str| NewComment {
        body: body.into(),
        ..NewComment::default()
    };
    ana.create_comment((p, f, file), &say("Before the app started"))
        .await
        .unwrap();

    let mut watch = ActivityWatch::new();
    assert!(watch.poll(&api).await.unwrap().is_empty(), "nothing old");
    assert!(watch.last_seen().is_some());
    assert!(watch.poll(&api).await.unwrap().is_empty(), "nothing new");

    ana.create_comment((p, f, file), &say("Too dark at the start"))
        .await
        .unwrap();
    let shown = watch.poll(&api).await.unwrap();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].title, "New comment on A001.mov (v1)");
    assert_eq!(shown[0].body, "Ana: Too dark at the start");
    // My own comments are no news to me.
    api.create_comment((p, f, file), &say("Will fix"))
        .await
        .unwrap();
    assert!(watch.poll(&api).await.unwrap().is_empty());

    for i in 0..7 {
        ana.create_comment((p, f, file), &say(&format!("Note {i}")))
            .await
            .unwrap();
    }
    let shown = watch.poll(&api).await.unwrap();
    let titles: Vec<&str> = shown.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles.len(), 6, "{titles:?}");
    assert_eq!(shown[0].body, "Ana: Note 0");
    assert_eq!(titles[5], "and 2 more");
}
