//! Which database the test servers run on: the data dir's SQLite file, or, when
//! `RUSHES_TEST_POSTGRES` is set, a PostgreSQL database of their own. A run meant for PostgreSQL
//! must not pass on SQLite unnoticed.

use crate::common::{postgres_base, TestServer};

#[tokio::test]
async fn the_server_keeps_its_data_in_the_database_the_tests_asked_for() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    server.project(&token, "Engine check").await;
    let file = server.dir.path().join("rushes.db");
    match (postgres_base(), server.dir.database_url()) {
        (Some(base), Some(url)) => {
            assert!(url.starts_with(&base), "{url} is not in {base}");
            assert!(
                !file.exists(),
                "a PostgreSQL server made {}",
                file.display()
            );
            // Straight through PostgreSQL's own driver, not the server's pool.
            let mut pg = <sqlx::PgConnection as sqlx::Connection>::connect(url)
                .await
                .unwrap();
            let tables: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_name IN ('users', 'projects')",
            )
            .fetch_one(&mut pg)
            .await
            .unwrap();
            assert_eq!(tables, 2);
            let projects: Vec<String> = sqlx::query_scalar("SELECT name FROM projects")
                .fetch_all(&mut pg)
                .await
                .unwrap();
            assert_eq!(projects, ["Engine check"]);
        }
        (None, None) => assert!(file.exists(), "no rushes.db in the data dir"),
        (base, url) => panic!("tests on {base:?}, server on {url:?}"),
    }
}
