//! Starting a server for a test and talking to it.
//!
//! Every test server keeps its files in a temp dir of its own, and its database in that dir's
//! `rushes.db` (SQLite), or, when `RUSHES_TEST_POSTGRES` holds the URL of a PostgreSQL cluster
//! (`postgres://USER@HOST:PORT/`, as `scripts/with-postgres.sh` sets it), in a fresh database of
//! that cluster, dropped with the dir.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use reqwest::{Response, StatusCode};
use rushes_api::auth::TokenResponse;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use rushes_server::offline::{self, NewUser};
use rushes_server::{AdminBootstrap, ServerConfig, ServerHandle};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

/// The first admin of every test server.
pub const ADMIN: &str = "admin@rushes.test";

/// The base URL of the PostgreSQL cluster the tests run on, when they do.
pub fn postgres_base() -> Option<String> {
    std::env::var("RUSHES_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A test server's data: a temp dir, and the database of its own the server uses.
pub struct TestDir {
    dir: tempfile::TempDir,
    /// `None`: the dir's `rushes.db`.
    database_url: Option<String>,
    /// The cluster's URL and the database's name, to drop it.
    postgres: Option<(String, String)>,
}

impl TestDir {
    /// A new temp dir, and on PostgreSQL a new empty database.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let Some(base) = postgres_base() else {
            return Self {
                dir,
                database_url: None,
                postgres: None,
            };
        };
        let name = format!("t_{}", hex::encode(rand::random::<[u8; 8]>()));
        let mut admin = maintenance(&base).await;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        sqlx::Connection::close(admin).await.unwrap();
        Self {
            dir,
            database_url: Some(format!("{base}{name}")),
            postgres: Some((base, name)),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The `--database-url` of a server on this dir, when it is not the dir's `rushes.db`.
    pub fn database_url(&self) -> Option<&str> {
        self.database_url.as_deref()
    }

    /// Where offline tasks find this dir's database.
    pub fn at(&self) -> rushes_server::DatabaseAt<'_> {
        rushes_server::DatabaseAt {
            data_dir: self.dir.path(),
            database_url: self.database_url(),
        }
    }

    /// A `rushes-server` process on this dir uses its database too.
    pub fn database_env(&self, command: &mut std::process::Command) {
        match self.database_url() {
            Some(url) => command.env("RUSHES_DATABASE_URL", url),
            None => command.env_remove("RUSHES_DATABASE_URL"),
        };
    }

    /// A pool on this dir's database (SQLite or PostgreSQL), for what no endpoint offers.
    pub async fn db(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        let url = match self.database_url() {
            Some(url) => url.to_owned(),
            None => format!("sqlite://{}", self.dir.path().join("rushes.db").display()),
        };
        sqlx::pool::PoolOptions::new()
            .max_connections(2)
            .connect(&url)
            .await
            .unwrap()
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let Some((base, name)) = self.postgres.take() else {
            return;
        };
        // Drop has no runtime to await on; a thread of its own runs one for the drop. FORCE ends the
        // connections a server on the database may still hold.
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async {
                    let mut admin = maintenance(&base).await;
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                    let _ = sqlx::Connection::close(admin).await;
                });
        });
        let _ = dropped.join();
    }
}

/// A connection to the cluster's `postgres` database, to make and drop test databases.
async fn maintenance(base: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    <sqlx::AnyConnection as sqlx::Connection>::connect(&format!("{base}postgres"))
        .await
        .unwrap()
}

/// A server on a free loopback port with its data in its own temp dir.
pub struct TestServer {
    pub handle: ServerHandle,
    pub dir: TestDir,
    pub http: reqwest::Client,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server after `adjust` has changed the default test configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut ServerConfig)) -> Self {
        let dir = TestDir::new().await;
        let mut config = ServerConfig::new(dir.path(), SocketAddr::from(([127, 0, 0, 1], 0)));
        config.database_url = dir.database_url.clone();
        config.admin = AdminBootstrap::Given {
            email: ADMIN.into(),
            password: None,
            name: "Admin".into(),
        };
        adjust(&mut config);
        let handle = rushes_server::start(config).await.unwrap();
        Self {
            handle,
            dir,
            http: reqwest::Client::new(),
        }
    }

    /// A server on the data dir of one that stopped (a restart, on a new port).
    pub async fn reopen(dir: TestDir) -> Self {
        let mut config = ServerConfig::new(dir.path(), SocketAddr::from(([127, 0, 0, 1], 0)));
        config.database_url = dir.database_url.clone();
        config.admin = AdminBootstrap::Given {
            email: ADMIN.into(),
            password: None,
            name: "Admin".into(),
        };
        let handle = rushes_server::start(config).await.unwrap();
        Self {
            handle,
            dir,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> Url {
        self.handle.base_url().join(path).unwrap()
    }

    /// A fresh API key for `email`, made through the library API.
    pub async fn key_for(&self, email: &str) -> String {
        self.handle
            .create_api_key(email, "test")
            .await
            .unwrap()
            .secret
    }

    /// Exchanges an API key for a token pair, asserting it works.
    pub async fn exchange(&self, key: &str) -> TokenResponse {
        let res = self.try_exchange(key).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// Exchanges an API key without asserting: the answer as it is.
    pub async fn try_exchange(&self, key: &str) -> Response {
        self.http
            .post(self.url("auth/api-key"))
            .json(&serde_json::json!({ "apiKey": key }))
            .send()
            .await
            .unwrap()
    }

    /// `POST /auth/refresh` (api.video's shape) with `token`.
    pub async fn auth_refresh(&self, token: &str) -> Response {
        self.http
            .post(self.url("auth/refresh"))
            .json(&serde_json::json!({ "refreshToken": token }))
            .send()
            .await
            .unwrap()
    }

    /// An access token for `email`.
    pub async fn token_for(&self, email: &str) -> String {
        let key = self.key_for(email).await;
        self.exchange(&key).await.access_token
    }

    /// An access token for the admin.
    pub async fn admin_token(&self) -> String {
        self.token_for(ADMIN).await
    }

    /// Creates a regular (non-admin) user through the library API and returns an access token.
    pub async fn user_token(&self, email: &str) -> String {
        offline::create_user(
            self.dir.at(),
            NewUser {
                email: email.into(),
                name: None,
                password: None,
                is_admin: false,
            },
        )
        .await
        .unwrap();
        self.token_for(email).await
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Any request with a bearer token and an optional JSON body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.unwrap()
    }

    /// Creates a pending file record and returns its id.
    pub async fn file(&self, token: &str, project: i64, folder: i64, name: &str) -> i64 {
        let res = self
            .post(
                token,
                &format!("api/projects/{project}/folders/{folder}/files"),
                serde_json::json!({ "name": name }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        data::<Value>(res).await["id"].as_i64().unwrap()
    }

    /// Creates a project and returns its id.
    pub async fn project(&self, token: &str, name: &str) -> i64 {
        let res = self
            .post(token, "api/projects", serde_json::json!({ "name": name }))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        data::<Value>(res).await["id"].as_i64().unwrap()
    }

    /// Creates a folder and returns its id.
    pub async fn folder(&self, token: &str, project: i64, parent: Option<i64>, name: &str) -> i64 {
        let res = self
            .post(
                token,
                &format!("api/projects/{project}/folders"),
                serde_json::json!({ "name": name, "parent_id": parent }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        data::<Value>(res).await["id"].as_i64().unwrap()
    }

    /// Gives `email` a role on a project straight in the database (there is no members
    /// endpoint yet).
    pub async fn grant(&self, project: i64, email: &str, role: &str) {
        let pool = self.db().await;
        sqlx::query(
            "INSERT INTO project_members (project_id, user_id, role, created_at) \
             SELECT $1, id, $2, 0 FROM users WHERE email = $3",
        )
        .bind(project)
        .bind(role)
        .bind(email)
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }

    /// The server's database, for setting up what no endpoint offers yet.
    pub async fn db(&self) -> sqlx::AnyPool {
        self.dir.db().await
    }

    /// Records what a probe of `file` found: `frames` frames of 1920x1080 H.264 at 24000/1001,
    /// and marks its bytes complete.
    pub async fn probed(&self, file: i64, frames: i64) {
        let pool = self.db().await;
        sqlx::query("UPDATE files SET state = 'ready', size = 4096, sha256 = $2 WHERE id = $1")
            .bind(file)
            .bind("ab".repeat(32))
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO file_media (file_id, duration, frame_rate, frames, width, height, \
             video_codec, audio_codec, start_timecode, probed_at) \
             VALUES ($1, $2, '24000/1001', $3, 1920, 1080, 'h264', 'aac', '01:00:00:00', 0)",
        )
        .bind(file)
        .bind(frames as f64 * 1001.0 / 24000.0)
        .bind(frames)
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }

    /// Gives `email` a role on one folder (and the folders below it) straight in the database
    /// (until the members endpoints land).
    pub async fn grant_folder(&self, folder: i64, email: &str, role: &str) {
        let pool = self.db().await;
        sqlx::query(
            "INSERT INTO folder_members (folder_id, user_id, project_id, role, created_at) \
             SELECT f.id, u.id, f.project_id, $2, 0 FROM folders f, users u \
             WHERE f.id = $1 AND u.email = $3",
        )
        .bind(folder)
        .bind(role)
        .bind(email)
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }

    /// One signed-in user per role on `project`, plus an outsider and the admin.
    pub async fn cast(&self, project: i64) -> Cast {
        let mut tokens = Vec::new();
        for role in ["viewer", "commenter", "editor", "manager"] {
            let email = format!("{role}@rushes.test");
            tokens.push(self.user_token(&email).await);
            self.grant(project, &email, role).await;
        }
        let [viewer, commenter, editor, manager] = <[String; 4]>::try_from(tokens).unwrap();
        Cast {
            viewer,
            commenter,
            editor,
            manager,
            outsider: self.user_token("outsider@rushes.test").await,
            admin: self.admin_token().await,
        }
    }
}

/// Access tokens of users with each role on one project (see [`TestServer::cast`]).
pub struct Cast {
    pub viewer: String,
    pub commenter: String,
    pub editor: String,
    pub manager: String,
    /// No role anywhere in the project.
    pub outsider: String,
    pub admin: String,
}

impl Cast {
    /// Every caller with the status a request answers them when it needs at least `min`:
    /// lower roles get 403, the outsider 404.
    pub fn expect(&self, min: &str) -> Vec<(&str, &str, reqwest::StatusCode)> {
        let order = ["viewer", "commenter", "editor", "manager"];
        let rank = |r: &str| order.iter().position(|o| *o == r).unwrap();
        let status = |r: &str| {
            if rank(r) >= rank(min) {
                reqwest::StatusCode::OK
            } else {
                reqwest::StatusCode::FORBIDDEN
            }
        };
        vec![
            ("viewer", self.viewer.as_str(), status("viewer")),
            ("commenter", self.commenter.as_str(), status("commenter")),
            ("editor", self.editor.as_str(), status("editor")),
            ("manager", self.manager.as_str(), status("manager")),
            ("admin", self.admin.as_str(), reqwest::StatusCode::OK),
            (
                "outsider",
                self.outsider.as_str(),
                reqwest::StatusCode::NOT_FOUND,
            ),
        ]
    }
}

/// The envelope's `data`, after checking the envelope around it.
pub async fn data<T: DeserializeOwned>(res: Response) -> T {
    let status = res.status().as_u16();
    let envelope: Envelope<T> = res.json().await.unwrap();
    assert_eq!(envelope.status, status);
    assert_eq!(envelope.info, "");
    envelope.data
}

/// The error envelope of a failed answer, after checking its status and code.
pub async fn error(res: Response, status: StatusCode, code: &str) -> ErrorEnvelope {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert_eq!(
        body["status_message"],
        status.canonical_reason().unwrap(),
        "{body}"
    );
    serde_json::from_value(body).unwrap()
}

/// Sleeps long enough for a 1-second token to expire.
pub async fn outlive_one_second() {
    tokio::time::sleep(Duration::from_millis(1300)).await;
}

/// Asserts that `who` got `want`, where `200 OK` stands for any success (201, 204 too).
pub fn assert_status(who: &str, got: StatusCode, want: StatusCode) {
    if want == StatusCode::OK {
        assert!(got.is_success(), "{who}: {got}");
    } else {
        assert_eq!(got, want, "{who}");
    }
}
