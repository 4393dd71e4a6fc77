//! Signing in to a server the way the app does, against the real server: the browser flow by
//! deep link and by loopback (the person at the browser played by [`PageBrowser`] through the
//! server's real pages), API keys, client credentials; sign-out revokes; revoked and expired
//! tokens; and no view the app hands the UI ever carries a secret.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rushes_api::connections::{
    Connection, ConnectionState, NewConnection, NewCredentials, SignInMethod,
};
use rushes_api::projects::NewProject;
use rushes_client::api::http_client;
use rushes_client::connections::{Clients, Connections};
use rushes_client::oauth::{
    oauth_http_client, BrowserOptions, CallbackRouter, OpenBrowser, Redirect,
};
use rushes_client::secret_store::{MemoryStore, SecretStore};
use rushes_client::{ClientError, Secret};
use rushes_server::offline::{self, NewUser};
use url::Url;

use crate::page_browser::PageBrowser;
use crate::TestServer;

const USER: &str = "ada@rushes.test";
const PASSWORD: &str = "correct horse battery";

/// What the test browser does once the server sends it back to the app.
#[derive(Clone, Copy)]
enum Deliver {
    /// The OS hands the `rushes://` URL to the app: straight into the callback router.
    DeepLink,
    /// The browser requests the loopback URL.
    Loopback,
    /// The person never finishes.
    Never,
}

/// The "system browser" of these tests.
struct TestBrowser {
    deliver: Deliver,
    router: CallbackRouter,
    opened: Mutex<Vec<Url>>,
}

impl OpenBrowser for TestBrowser {
    fn open(&self, url: &Url) -> Result<(), ClientError> {
        self.opened.lock().unwrap().push(url.clone());
        let (url, deliver, router) = (url.clone(), self.deliver, self.router.clone());
        tokio::spawn(async move {
            if let Deliver::Never = deliver {
                return;
            }
            let back = PageBrowser::new()
                .authorize(&url, USER, PASSWORD)
                .await
                .unwrap();
            match deliver {
                Deliver::DeepLink => assert!(router.deliver(back.as_str())),
                Deliver::Loopback => {
                    let page = reqwest::get(back).await.unwrap();
                    assert_eq!(page.status(), 200);
                }
                Deliver::Never => {}
            }
        });
        Ok(())
    }
}

struct Setup {
    server: TestServer,
    store: Arc<dyn SecretStore>,
    file: PathBuf,
    router: CallbackRouter,
    connections: Connections,
    _dir: tempfile::TempDir,
}

async fn setup(ttl: Duration) -> Setup {
    let server = TestServer::start_with_ttl(ttl).await;
    offline::create_user(
        server.dir.path(),
        NewUser {
            email: USER.into(),
            name: Some("Ada".into()),
            password: Some(PASSWORD.into()),
            is_admin: false,
        },
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("connections.json");
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::default());
    let router = CallbackRouter::new();
    let connections = open(&file, &store, &router).await;
    Setup {
        server,
        store,
        file,
        router,
        connections,
        _dir: dir,
    }
}

async fn open(
    file: &std::path::Path,
    store: &Arc<dyn SecretStore>,
    router: &CallbackRouter,
) -> Connections {
    let clients = Clients {
        api: http_client().unwrap(),
        oauth: oauth_http_client().unwrap(),
    };
    Connections::open(file.to_path_buf(), store.clone(), clients, router.clone())
        .await
        .unwrap()
}

impl Setup {
    fn url(&self) -> String {
        self.server.handle.base_url().to_string()
    }

    fn browser(&self, deliver: Deliver) -> TestBrowser {
        TestBrowser {
            deliver,
            router: self.router.clone(),
            opened: Mutex::new(Vec::new()),
        }
    }

    async fn add_with_browser(
        &self,
        deliver: Deliver,
        redirect: Redirect,
    ) -> Result<Connection, ClientError> {
        let new = NewConnection {
            url: self.url(),
            credentials: NewCredentials::Browser,
        };
        let options = BrowserOptions {
            redirect,
            timeout: Duration::from_secs(30),
        };
        self.connections
            .add(new, &self.browser(deliver), options)
            .await
    }

    /// A project the user owns, made through an API key of theirs.
    async fn user_project(&self, name: &str) {
        let key = offline::create_api_key(self.server.dir.path(), USER, "setup")
            .await
            .unwrap();
        let api = crate::client_for(&self.server.handle, Secret::new(key.secret));
        api.create_project(&NewProject {
            name: name.into(),
            description: String::new(),
        })
        .await
        .unwrap();
    }

    /// An access token of the user, for calls the client has no method for.
    async fn user_token(&self) -> String {
        let key = offline::create_api_key(self.server.dir.path(), USER, "admin calls")
            .await
            .unwrap();
        let resp: serde_json::Value = reqwest::Client::new()
            .post(self.server.handle.base_url().join("auth/api-key").unwrap())
            .json(&serde_json::json!({ "apiKey": key.secret }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        resp["access_token"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn browser_sign_in_by_deep_link_lists_the_servers_projects() {
    let s = setup(Duration::from_secs(3600)).await;
    s.user_project("Night Shoot").await;
    let c = s
        .add_with_browser(Deliver::DeepLink, Redirect::DeepLink)
        .await
        .unwrap();
    assert_eq!(c.state, ConnectionState::SignedIn);
    assert_eq!(c.method, Some(SignInMethod::Browser));
    assert_eq!(c.user.as_ref().unwrap().email, USER);
    let projects = s
        .connections
        .live(&c.id)
        .await
        .unwrap()
        .api
        .list_projects()
        .await
        .unwrap();
    assert_eq!(
        projects.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Night Shoot"]
    );
}

#[tokio::test]
async fn browser_sign_in_by_loopback_lists_the_servers_projects() {
    let s = setup(Duration::from_secs(3600)).await;
    s.user_project("Day Exteriors").await;
    let c = s
        .add_with_browser(Deliver::Loopback, Redirect::Loopback)
        .await
        .unwrap();
    let projects = s
        .connections
        .live(&c.id)
        .await
        .unwrap()
        .api
        .list_projects()
        .await
        .unwrap();
    assert_eq!(projects.len(), 1);
    // The listener is gone once the sign-in is over.
    let opened = s.connections.list().await;
    assert_eq!(opened.len(), 1);
}

#[tokio::test]
async fn a_cancelled_or_abandoned_browser_sign_in_ends_cleanly() {
    let s = setup(Duration::from_secs(3600)).await;
    let waiting = s.add_with_browser(Deliver::Never, Redirect::Loopback);
    let cancel = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        s.connections.cancel_all_sign_ins();
    };
    let (result, ()) = tokio::join!(waiting, cancel);
    assert!(
        matches!(result, Err(ClientError::SignInCancelled(_))),
        "{result:?}"
    );
    assert!(s.connections.list().await.is_empty(), "nothing half-added");

    let new = NewConnection {
        url: s.url(),
        credentials: NewCredentials::Browser,
    };
    let options = BrowserOptions {
        redirect: Redirect::DeepLink,
        timeout: Duration::from_millis(200),
    };
    let timed_out = s
        .connections
        .add(new, &s.browser(Deliver::Never), options)
        .await;
    assert!(matches!(timed_out, Err(ClientError::SignInCancelled(m)) if m.contains("in time")));
}

#[tokio::test]
async fn sign_out_revokes_at_the_server_and_forgets_the_secrets() {
    let s = setup(Duration::from_secs(3600)).await;
    let c = s
        .add_with_browser(Deliver::DeepLink, Redirect::DeepLink)
        .await
        .unwrap();
    let live = s.connections.live(&c.id).await.unwrap();
    let refresh = live.tokens.refresh_token().await.unwrap();
    let account = format!("connection:{}", c.id);
    assert!(s.store.get(&account).unwrap().is_some());

    let out = s.connections.sign_out(&c.id).await.unwrap();
    assert_eq!(out.state, ConnectionState::SignedOut);
    assert!(
        s.store.get(&account).unwrap().is_none(),
        "gone from the keychain"
    );
    let answer = reqwest::Client::new()
        .post(s.server.handle.base_url().join("oauth/token").unwrap())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.expose()),
            ("client_id", "rushes-desktop"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400, "the refresh token was revoked");
    let err = s.connections.live(&c.id).await.err().unwrap();
    assert!(err.is_unauthorized());
}

#[tokio::test]
async fn revoking_the_authorization_at_the_server_asks_to_sign_in_again() {
    let s = setup(Duration::from_secs(3600)).await;
    let c = s
        .add_with_browser(Deliver::DeepLink, Redirect::DeepLink)
        .await
        .unwrap();
    let mut changes = s.connections.changes();
    let token = s.user_token().await;
    let http = reqwest::Client::new();
    let list: serde_json::Value = http
        .get(
            s.server
                .handle
                .base_url()
                .join("api/authorizations")
                .unwrap(),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = list["data"][0]["id"].as_i64().unwrap();
    let deleted = http
        .delete(
            s.server
                .handle
                .base_url()
                .join(&format!("api/authorizations/{id}"))
                .unwrap(),
        )
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);

    let err = s
        .connections
        .live(&c.id)
        .await
        .unwrap()
        .api
        .list_projects()
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    let changed = tokio::time::timeout(Duration::from_secs(5), changes.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(changed, c.id);
    match s.connections.get(&c.id).await.unwrap().state {
        ConnectionState::SignInRequired { reason } => {
            assert!(reason.contains("sign in again"), "{reason}")
        }
        other => panic!("expected sign-in required, got {other:?}"),
    }
}

#[tokio::test]
async fn short_lived_tokens_keep_working_and_rotated_refresh_tokens_survive_a_restart() {
    let s = setup(Duration::from_secs(1)).await;
    let c = s
        .add_with_browser(Deliver::DeepLink, Redirect::DeepLink)
        .await
        .unwrap();
    let account = format!("connection:{}", c.id);
    let first = s.store.get(&account).unwrap().unwrap();
    let api = s.connections.live(&c.id).await.unwrap().api;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        api.list_projects().await.unwrap();
    }
    assert_ne!(
        s.store.get(&account).unwrap().unwrap(),
        first,
        "the rotated refresh token is kept"
    );

    // The app starts again: it signs in with the stored (rotated) refresh token.
    let again = open(&s.file, &s.store, &s.router).await;
    let listed = again.list().await;
    assert_eq!(listed[0].state, ConnectionState::SignedIn);
    again
        .live(&c.id)
        .await
        .unwrap()
        .api
        .list_projects()
        .await
        .unwrap();
}

#[tokio::test]
async fn api_key_and_client_credentials_sign_in_and_no_view_carries_a_secret() {
    let s = setup(Duration::from_secs(3600)).await;
    s.user_project("Night Shoot").await;
    let api_key = offline::create_api_key(s.server.dir.path(), USER, "app")
        .await
        .unwrap()
        .secret;
    let token = s.user_token().await;
    let app: serde_json::Value = reqwest::Client::new()
        .post(s.server.handle.base_url().join("api/oauth-apps").unwrap())
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Ingest", "redirect_uris": ["https://ingest.example/cb"], "public": false}))
        .send().await.unwrap().json().await.unwrap();
    let client_id = app["data"]["client_id"].as_str().unwrap().to_owned();
    let client_secret = app["data"]["client_secret"].as_str().unwrap().to_owned();

    let mut answers: Vec<String> = Vec::new();
    let by_browser = s
        .add_with_browser(Deliver::Loopback, Redirect::Loopback)
        .await
        .unwrap();
    answers.push(serde_json::to_string(&by_browser).unwrap());

    // A second server entry for the same server is the same connection: sign in again with a key.
    let keyed = s
        .connections
        .add(
            NewConnection {
                url: s.url(),
                credentials: NewCredentials::ApiKey {
                    api_key: api_key.clone(),
                },
            },
            &s.browser(Deliver::Never),
            BrowserOptions {
                redirect: Redirect::Loopback,
                timeout: Duration::from_secs(1),
            },
        )
        .await
        .unwrap();
    assert_eq!(keyed.id, by_browser.id);
    assert_eq!(keyed.method, Some(SignInMethod::ApiKey));
    answers.push(serde_json::to_string(&keyed).unwrap());
    let projects = s
        .connections
        .live(&keyed.id)
        .await
        .unwrap()
        .api
        .list_projects()
        .await
        .unwrap();
    assert_eq!(projects.len(), 1);
    answers.push(serde_json::to_string(&projects).unwrap());
    let mut secrets = secrets_of(&s, &keyed.id).await;

    let wrong = s
        .connections
        .add(
            NewConnection {
                url: s.url(),
                credentials: NewCredentials::ClientCredentials {
                    client_id: client_id.clone(),
                    client_secret: client_secret.clone(),
                    username: USER.into(),
                    password: "not the password".into(),
                },
            },
            &s.browser(Deliver::Never),
            BrowserOptions {
                redirect: Redirect::Loopback,
                timeout: Duration::from_secs(1),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        wrong.code(),
        rushes_api::ipc::AppErrorCode::Invalid,
        "{wrong}"
    );

    let by_credentials = s
        .connections
        .add(
            NewConnection {
                url: s.url(),
                credentials: NewCredentials::ClientCredentials {
                    client_id: client_id.clone(),
                    client_secret: client_secret.clone(),
                    username: USER.into(),
                    password: PASSWORD.into(),
                },
            },
            &s.browser(Deliver::Never),
            BrowserOptions {
                redirect: Redirect::Loopback,
                timeout: Duration::from_secs(1),
            },
        )
        .await
        .unwrap();
    assert_eq!(by_credentials.user.as_ref().unwrap().email, USER);
    answers.push(serde_json::to_string(&by_credentials).unwrap());
    answers.push(serde_json::to_string(&s.connections.list().await).unwrap());
    answers.push(
        serde_json::to_string(&s.connections.get(&by_credentials.id).await.unwrap()).unwrap(),
    );
    secrets.extend(secrets_of(&s, &by_credentials.id).await);
    answers.push(
        serde_json::to_string(&s.connections.sign_out(&by_credentials.id).await.unwrap()).unwrap(),
    );

    secrets.extend([api_key, client_secret, PASSWORD.to_owned()]);
    for answer in &answers {
        for secret in &secrets {
            assert!(!answer.contains(secret.as_str()), "a secret in {answer}");
        }
    }
}

/// Every secret of a live connection: its access and refresh tokens and its keychain entry.
async fn secrets_of(s: &Setup, id: &str) -> Vec<String> {
    let live = s.connections.live(id).await.unwrap();
    let mut out = vec![live
        .tokens
        .access_token()
        .await
        .unwrap()
        .expose()
        .to_owned()];
    if let Some(r) = live.tokens.refresh_token().await {
        out.push(r.expose().to_owned());
    }
    let entry = s.store.get(&format!("connection:{id}")).unwrap().unwrap();
    let json: serde_json::Value = serde_json::from_str(entry.expose()).unwrap();
    for v in json.as_object().unwrap().values() {
        out.push(v.as_str().unwrap().to_owned());
    }
    out
}
