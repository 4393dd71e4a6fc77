//! Many writers at once: SQLite allows one at a time, and every write must wait its turn rather
//! than fail with "database is locked" — including the media jobs that record what a probe of
//! each finished upload found, which read before they write.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestServer;
use crate::tus_client::{Place, Tus};

#[tokio::test]
async fn forty_writers_at_once_all_get_their_turn() {
    let server = TestServer::start().await;
    let place = Place::new(&server).await;
    let tus = Tus::new(&server, &place.token);

    // Uploads finishing (each queues a media job that writes its findings) ...
    let uploads = (0..20).map(|i| {
        let tus = &tus;
        let place = &place;
        async move {
            let url = tus
                .create_ok(3, &place.in_folder(&format!("clip {i}.mov")))
                .await;
            tus.patch(&url, 0, b"abc".to_vec()).await.status()
        }
    });
    // ... while projects, folders and metadata are written.
    let projects = (0..40).map(|i| {
        let server = &server;
        let token = &place.token;
        async move {
            server
                .post(
                    token,
                    "api/projects",
                    json!({ "name": format!("Project {i}") }),
                )
                .await
                .status()
        }
    });
    let (uploads, projects) = tokio::join!(join_all(uploads), join_all(projects));
    assert!(
        uploads.iter().all(|s| *s == StatusCode::NO_CONTENT),
        "{uploads:?}"
    );
    assert!(
        projects.iter().all(|s| *s == StatusCode::CREATED),
        "{projects:?}"
    );

    // Every media job recorded its finding (a failed one records nothing).
    let pool = server.db().await;
    let mut probed = 0;
    for _ in 0..200 {
        probed = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM file_media")
            .fetch_one(&pool)
            .await
            .unwrap();
        if probed == 20 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(probed, 20, "every finished upload was probed");
}
