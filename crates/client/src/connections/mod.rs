//! The servers the app is connected to: adding one (checking its URL through its OAuth
//! metadata), signing in with the browser, an API key or client credentials, signing out
//! (revoking at the server, then forgetting), and the signed-in API client of each.
//!
//! Non-secret data is in `connections.json` ([`record`]); secrets only in the secret store
//! ([`secrets`]). Views handed out ([`Connection`]) never carry a secret.

mod live;
mod record;
mod secrets;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rand::Rng;
use rushes_api::connections::{
    Connection, ConnectionState, ConnectionUser, NewConnection, NewCredentials,
};
use tokio::sync::{broadcast, Mutex};
use url::Url;

pub use live::{Clients, Live};
pub use record::ConnectionRecord;

use crate::oauth::{
    discover, normalize_server_url, sign_in_with_browser, BrowserOptions, CallbackRouter,
    OpenBrowser, PendingSignIn, DESKTOP_CLIENT_ID,
};
use crate::secret_store::SecretStore;
use crate::{ClientError, Secret};
use secrets::StoredSecrets;

/// How many state changes a slow listener may miss before it only learns "something changed".
const CHANGES_BUFFER: usize = 32;

/// The app's server connections.
pub struct Connections {
    path: PathBuf,
    store: Arc<dyn SecretStore>,
    clients: Clients,
    router: CallbackRouter,
    inner: Mutex<Inner>,
    /// Browser sign-ins waiting for a callback, by connection id (their `state`), to cancel.
    waiting: std::sync::Mutex<HashMap<String, Secret>>,
    changes: broadcast::Sender<String>,
}

#[derive(Default)]
struct Inner {
    records: Vec<ConnectionRecord>,
    live: HashMap<String, Live>,
}

impl Connections {
    /// Loads the connections saved in `path` and their secrets from `store`. Callbacks of
    /// browser sign-ins are taken from `router`.
    pub async fn open(
        path: PathBuf,
        store: Arc<dyn SecretStore>,
        clients: Clients,
        router: CallbackRouter,
    ) -> Result<Self, ClientError> {
        let load_path = path.clone();
        let records = tokio::task::spawn_blocking(move || record::load(&load_path))
            .await
            .map_err(|e| ClientError::Decode(format!("loading connections failed: {e}")))??;
        let (changes, _) = broadcast::channel(CHANGES_BUFFER);
        let this = Self {
            path,
            store,
            clients,
            router,
            inner: Mutex::new(Inner::default()),
            waiting: std::sync::Mutex::new(HashMap::new()),
            changes,
        };
        let mut inner = this.inner.lock().await;
        for rec in &records {
            match secrets::read(&this.store, &rec.id).await {
                Ok(Some(s)) => {
                    if let Some(l) = live::restore(&this.clients, &this.store, rec, s, None) {
                        this.watch(&rec.id, &l);
                        inner.live.insert(rec.id.clone(), l);
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(id = %rec.id, error = %e, "could not read a connection's secrets")
                }
            }
        }
        inner.records = records;
        drop(inner);
        Ok(this)
    }

    /// Ids of connections whose state changed (signed in, out, or needing sign-in again).
    pub fn changes(&self) -> broadcast::Receiver<String> {
        self.changes.subscribe()
    }

    /// Every connection, in the order they were added.
    pub async fn list(&self) -> Vec<Connection> {
        let inner = self.inner.lock().await;
        inner
            .records
            .iter()
            .map(|r| view(r, inner.live.get(&r.id)))
            .collect()
    }

    /// One connection.
    pub async fn get(&self, id: &str) -> Result<Connection, ClientError> {
        let inner = self.inner.lock().await;
        let rec = find(&inner.records, id)?;
        Ok(view(rec, inner.live.get(id)))
    }

    /// The signed-in API client of `id` (an `unauthenticated` error when signed out).
    pub async fn live(&self, id: &str) -> Result<Live, ClientError> {
        let inner = self.inner.lock().await;
        find(&inner.records, id)?;
        inner.live.get(id).cloned().ok_or_else(|| {
            ClientError::SignInRequired("this server is signed out; sign in first".into())
        })
    }

    /// Adds a server and signs in to it, or signs in again to a server already in the list
    /// (same URL) with the given method. With the browser method this waits until the person
    /// has finished in the browser, the time is up, or [`Self::cancel_sign_in`] is called.
    pub async fn add(
        &self,
        new: NewConnection,
        browser: &dyn OpenBrowser,
        options: BrowserOptions,
    ) -> Result<Connection, ClientError> {
        let url = normalize_server_url(&new.url)?;
        let meta = discover(&self.clients.oauth, &url).await?;
        let existing = self.by_url(&url).await;
        let id = existing.clone().unwrap_or_else(new_id);
        let method = new.credentials.method();
        let mut rec = ConnectionRecord {
            id: id.clone(),
            label: label_of(&url),
            url,
            method,
            token_endpoint: meta.token_endpoint.clone(),
            revocation_endpoint: meta.revocation_endpoint.clone(),
            client_id: None,
            user: None,
        };
        let mut stored = StoredSecrets::default();
        let issued = match new.credentials {
            NewCredentials::Browser => {
                rec.client_id = Some(DESKTOP_CLIENT_ID.into());
                let pending = sign_in_with_browser(
                    self.clients.oauth.clone(),
                    &meta,
                    &self.router,
                    browser,
                    options,
                )
                .await?;
                Some(self.wait_for_browser(&id, pending).await?)
            }
            NewCredentials::ApiKey { api_key } => {
                stored.api_key = Some(non_empty(api_key, "API key")?);
                None
            }
            NewCredentials::ClientCredentials {
                client_id,
                client_secret,
                username,
                password,
            } => {
                rec.client_id = Some(non_empty(client_id, "client id")?);
                stored.client_secret = Some(non_empty(client_secret, "client secret")?);
                let user = non_empty(username, "email")?;
                if password.is_empty() {
                    return Err(ClientError::Invalid("the password is missing".into()));
                }
                stored.auth_string = Some(live::auth_string(&user, &password).expose().to_owned());
                live::first_tokens(&self.clients, &rec, &stored).await?
            }
        };
        stored.refresh_token = issued
            .as_ref()
            .and_then(|t| t.refresh.as_ref())
            .map(|r| r.expose().to_owned());
        let live = live::restore(&self.clients, &self.store, &rec, stored.clone(), issued)
            .ok_or_else(|| ClientError::Decode("the server sent no refresh token".into()))?;
        let me = live.api.me().await?;
        rec.user = Some(ConnectionUser {
            name: me.name,
            email: me.email,
        });
        secrets::write(&self.store, &id, &stored).await?;
        self.watch(&id, &live);
        let mut inner = self.inner.lock().await;
        match inner.records.iter_mut().find(|r| r.id == id) {
            Some(slot) => *slot = rec.clone(),
            None => inner.records.push(rec.clone()),
        }
        self.save(&inner.records).await?;
        inner.live.insert(id.clone(), live.clone());
        drop(inner);
        tracing::info!(%id, url = %rec.url, ?method, "signed in to a server");
        let _ = self.changes.send(id);
        Ok(view(&rec, Some(&live)))
    }

    /// Signs in again to a browser connection (after sign-out, or when its sign-in died).
    pub async fn sign_in_with_browser(
        &self,
        id: &str,
        browser: &dyn OpenBrowser,
        options: BrowserOptions,
    ) -> Result<Connection, ClientError> {
        let url = find(&self.inner.lock().await.records, id)?.url.clone();
        let new = NewConnection {
            url: url.to_string(),
            credentials: NewCredentials::Browser,
        };
        self.add(new, browser, options).await
    }

    /// Ends every browser sign-in that is waiting for the browser (the UI runs one at a time).
    pub fn cancel_all_sign_ins(&self) {
        let states: Vec<Secret> = self.waiting_lock().drain().map(|(_, s)| s).collect();
        for state in states {
            self.router.cancel(&state);
        }
    }

    /// Revokes the connection's tokens at the server and forgets its secrets. The connection
    /// stays in the list, signed out. An unreachable server does not stop the sign-out: the
    /// secrets are forgotten anyway and the log says the revocation failed.
    pub async fn sign_out(&self, id: &str) -> Result<Connection, ClientError> {
        let (rec, live) = {
            let mut inner = self.inner.lock().await;
            let rec = find(&inner.records, id)?.clone();
            (rec, inner.live.remove(id))
        };
        let stored = secrets::read(&self.store, id).await?.unwrap_or_default();
        if let Some(live) = &live {
            if let Err(e) = self.revoke(&rec, &stored, live).await {
                tracing::warn!(%id, error = %e, "could not revoke the tokens at the server");
            }
        }
        secrets::delete(&self.store, id).await?;
        let mut inner = self.inner.lock().await;
        if let Some(r) = inner.records.iter_mut().find(|r| r.id == id) {
            r.user = None;
        }
        self.save(&inner.records).await?;
        let signed_out = view(find(&inner.records, id)?, None);
        drop(inner);
        tracing::info!(%id, "signed out");
        let _ = self.changes.send(id.to_owned());
        Ok(signed_out)
    }

    /// Signs out and removes the connection from the list.
    pub async fn remove(&self, id: &str) -> Result<(), ClientError> {
        self.sign_out(id).await?;
        let mut inner = self.inner.lock().await;
        inner.records.retain(|r| r.id != id);
        self.save(&inner.records).await?;
        drop(inner);
        let _ = self.changes.send(id.to_owned());
        Ok(())
    }

    async fn revoke(
        &self,
        rec: &ConnectionRecord,
        stored: &StoredSecrets,
        live: &Live,
    ) -> Result<(), ClientError> {
        let Some(refresh) = live.tokens.refresh_token().await else {
            return Ok(());
        };
        match live::oauth_client(&self.clients, rec, stored) {
            Some(client) => client.revoke_refresh_token(&refresh).await,
            // API-key tokens belong to no OAuth app; the key itself stays valid at the server
            // (the person manages keys there) and is forgotten here.
            None => Ok(()),
        }
    }

    async fn wait_for_browser(
        &self,
        id: &str,
        pending: PendingSignIn,
    ) -> Result<crate::oauth::IssuedTokens, ClientError> {
        self.waiting_lock().insert(id.to_owned(), pending.state());
        let result = pending.finish().await;
        self.waiting_lock().remove(id);
        result
    }

    /// Forwards the token source's "sign in again" state to [`Self::changes`].
    fn watch(&self, id: &str, live: &Live) {
        let mut rx = live.tokens.sign_in_required();
        let changes = self.changes.clone();
        let id = id.to_owned();
        tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                let _ = changes.send(id.clone());
            }
        });
    }

    async fn by_url(&self, url: &Url) -> Option<String> {
        let inner = self.inner.lock().await;
        inner
            .records
            .iter()
            .find(|r| &r.url == url)
            .map(|r| r.id.clone())
    }

    async fn save(&self, records: &[ConnectionRecord]) -> Result<(), ClientError> {
        let (path, records) = (self.path.clone(), records.to_vec());
        tokio::task::spawn_blocking(move || record::save(&path, &records))
            .await
            .map_err(|e| ClientError::Decode(format!("saving connections failed: {e}")))?
    }

    fn waiting_lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn view(rec: &ConnectionRecord, live: Option<&Live>) -> Connection {
    let state = match live {
        None => ConnectionState::SignedOut,
        Some(l) => match l.tokens.sign_in_required().borrow().clone() {
            Some(reason) => ConnectionState::SignInRequired { reason },
            None => ConnectionState::SignedIn,
        },
    };
    Connection {
        id: rec.id.clone(),
        label: rec.label.clone(),
        url: rec.url.to_string(),
        method: Some(rec.method),
        state,
        user: rec.user.clone(),
    }
}

fn find<'a>(
    records: &'a [ConnectionRecord],
    id: &str,
) -> Result<&'a ConnectionRecord, ClientError> {
    records
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ClientError::NotFound(format!("there is no connection {id}")))
}

fn non_empty(value: String, what: &str) -> Result<String, ClientError> {
    let v = value.trim().to_owned();
    if v.is_empty() {
        Err(ClientError::Invalid(format!("the {what} is missing")))
    } else {
        Ok(v)
    }
}

fn new_id() -> String {
    let bytes: [u8; 8] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The host (and port, when not the default) of a server, as its label in the sidebar.
fn label_of(url: &Url) -> String {
    let host = url.host_str().unwrap_or("server");
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    }
}
