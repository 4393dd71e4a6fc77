//! Starting and stopping a server: bind, migrate, bootstrap the first admin, serve until told
//! to stop.

use std::net::SocketAddr;

use rushes_api::auth::CreatedApiKey;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::timeout::RequestBodyTimeoutLayer;
use url::Url;

use crate::auth::csrf::CsrfKey;
use crate::auth::TokenSettings;
use crate::db::Store;
use crate::http::app;
use crate::media::jobs::MediaJobs;
use crate::media::{MediaState, MediaStore, UrlSigner};
use crate::state::AppState;
use crate::tus::{expiry, Tus};
use crate::{bootstrap, net, provision, ServerConfig, ServerError};

/// A running server. Dropping it stops the server too (gracefully, in the background); call
/// [`ServerHandle::shutdown`] to wait until it has stopped.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    base_url: Url,
    store: Store,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// Removes expired uploads; stopped with the server.
    upload_expiry: JoinHandle<()>,
}

/// Opens the data dir's database (migrating it), creates the first admin if it has no users,
/// binds `config.bind` (port 0 picks a free port) and serves in a background task.
///
/// Returns once the socket is bound, so the server accepts connections as soon as this returns.
pub async fn start(config: ServerConfig) -> Result<ServerHandle, ServerError> {
    let store = Store::open_at((&config).into()).await?;
    bootstrap::ensure_admin(store.pool(), &config.admin).await?;

    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServerError::Bind {
        addr: config.bind,
        source,
    })?;
    let base_url = match config.public_url.clone() {
        Some(url) => with_trailing_slash(url),
        None => Url::parse(&format!("http://{addr}/"))
            .map_err(|e| ServerError::Invalid(format!("no URL for {addr}: {e}")))?,
    };

    let tokens = TokenSettings {
        access_ttl: config.access_token_ttl,
        refresh_ttl: config.refresh_token_ttl,
        web_sessions: config.web_sessions,
    };
    let media_store = MediaStore::open(&config.data_dir)?;
    // Bytes an interrupted finish renamed into the store are claimed by their upload, which
    // the recovery below hands over: never orphans.
    let mut referenced = crate::db::files::all_storage_keys(store.pool()).await?;
    referenced.extend(crate::db::uploads::claimed_keys(store.pool()).await?);
    let orphans = media_store.sweep(referenced.into_iter().collect()).await?;
    if orphans > 0 {
        tracing::info!(orphans, "removed stored bytes no file refers to");
    }
    let media = MediaState {
        signer: UrlSigner::load_or_create(store.pool()).await?,
        jobs: MediaJobs::start(
            store.pool().clone(),
            media_store.clone(),
            config.media_tools.clone(),
        )
        .await,
        store: media_store,
        url_ttl: config.media_url_ttl,
        zip_limits: config.zip,
        zip_slots: crate::media::zip::ZipSlots::new(config.zip.streams_per_user),
    };
    let tus = Tus::new(
        store.pool().clone(),
        media.clone(),
        config.upload_expiry,
        config.max_upload_size,
        config.quotas,
    );
    let state = AppState::new(
        store.pool().clone(),
        base_url.clone(),
        tokens,
        config.login_limits,
        media,
        tus,
        CsrfKey::load_or_create(store.pool()).await?,
    );
    // Before serving: nothing is being uploaded yet, so orphaned staging files are safe to find.
    if let Err(e) = expiry::at_start(state.tus()).await {
        tracing::warn!(error = %e, "could not clean up uploads at start");
    }
    let upload_expiry = expiry::spawn(state.tus().clone());
    // A body that stops arriving is cut; the timeout restarts with every piece, so a slow
    // upload that keeps moving is not.
    let router = app(state).layer(RequestBodyTimeoutLayer::new(
        config.connections.body_read_timeout,
    ));
    let (stop, stopped) = oneshot::channel::<()>();
    let limits = config.connections;
    let proxies = net::TrustedProxies::new(config.trusted_proxies.clone());
    let task = tokio::spawn(async move {
        let shutdown = async {
            // A dropped handle stops the server as well.
            let _ = stopped.await;
        };
        net::serve(listener, router, limits, proxies, shutdown).await;
    });
    tracing::info!("listening on http://{addr}");

    Ok(ServerHandle {
        addr,
        base_url,
        store,
        stop: Some(stop),
        task: Some(task),
        upload_expiry,
    })
}

impl ServerHandle {
    /// The address the server listens on (with the real port when bound to port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where clients reach the server: the public URL when configured, else `http://addr/`.
    /// Always ends in `/`, so relative paths join onto it.
    pub fn base_url(&self) -> Url {
        self.base_url.clone()
    }

    /// Creates an API key for an existing user, in-process: how the desktop app provisions the
    /// key for its own local library, and how tests sign in. The secret is only in the answer.
    pub async fn create_api_key(
        &self,
        user_email: &str,
        name: &str,
    ) -> Result<CreatedApiKey, ServerError> {
        provision::create_api_key(self.store.pool(), user_email, name).await
    }

    /// Stops accepting connections, lets requests in flight finish, then closes the database.
    pub async fn shutdown(mut self) {
        self.upload_expiry.abort();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            if let Err(e) = task.await {
                tracing::error!(error = %e, "the server task failed");
            }
        }
        self.store.close().await;
        tracing::info!("stopped");
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.upload_expiry.abort();
    }
}

fn with_trailing_slash(mut url: Url) -> Url {
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url
}
