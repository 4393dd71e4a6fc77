//! Starting a server for a test and talking to it.

use std::net::SocketAddr;
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

/// A server on a free loopback port with its data in its own temp dir.
pub struct TestServer {
    pub handle: ServerHandle,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server after `adjust` has changed the default test configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut ServerConfig)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = ServerConfig::new(dir.path(), SocketAddr::from(([127, 0, 0, 1], 0)));
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
        let res = self
            .http
            .post(self.url("auth/api-key"))
            .json(&serde_json::json!({ "apiKey": key }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
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
            self.dir.path(),
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
        let db = self.dir.path().join("rushes.db");
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
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
