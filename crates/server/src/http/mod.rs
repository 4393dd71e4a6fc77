//! The HTTP API: state, error envelope, extractors and one router per resource.

mod auth_user;
mod client_addr;
mod cookies;
mod error;
mod extract;
mod fallback;
mod html;
mod links;
mod listing;
mod oauth_body;
mod paging;
mod respond;
mod routes;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::Router;
use tower_http::trace::TraceLayer;
use url::Url;

use crate::auth::throttle::LoginThrottle;
use crate::auth::TokenSettings;
use crate::config::LoginLimits;
use crate::db::Pool;
use crate::media::probe::MediaJobs;
use crate::media::{MediaStore, UrlSigner};

pub use auth_user::AuthUser;
pub use error::{ApiError, Problems};
pub use extract::{Json, Path, Query};
pub use listing::ListParams;
pub use paging::{Paging, Window};

/// JSON bodies are small; uploads will go through tus, which streams.
const BODY_LIMIT: usize = 1024 * 1024;

/// What every handler can reach: the database and the settings requests depend on. Cheap to
/// clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    pool: Pool,
    base_url: Url,
    tokens: TokenSettings,
    throttle: LoginThrottle,
    media: MediaState,
}

/// What serving and processing media needs.
#[derive(Debug, Clone)]
pub struct MediaState {
    pub store: MediaStore,
    pub signer: UrlSigner,
    pub jobs: MediaJobs,
    pub url_ttl: std::time::Duration,
}

impl AppState {
    /// State for a server reachable at `base_url`.
    pub fn new(
        pool: Pool,
        base_url: Url,
        tokens: TokenSettings,
        login: LoginLimits,
        media: MediaState,
    ) -> Self {
        Self(Arc::new(Inner {
            pool,
            base_url,
            tokens,
            throttle: LoginThrottle::new(login),
            media,
        }))
    }

    /// The media store, URL signer and job queue.
    pub fn media(&self) -> &MediaState {
        &self.0.media
    }

    /// The database.
    pub fn pool(&self) -> &Pool {
        &self.0.pool
    }

    /// Where clients reach the server; absolute links are built from it.
    pub fn base_url(&self) -> &Url {
        &self.0.base_url
    }

    /// Token lifetimes.
    pub fn tokens(&self) -> &TokenSettings {
        &self.0.tokens
    }

    /// The sign-in failure counters.
    pub fn throttle(&self) -> &LoginThrottle {
        &self.0.throttle
    }
}

/// Every route, one router per resource, without the outer layers.
pub fn api_router() -> Router<AppState> {
    let api = Router::new()
        .merge(routes::me::router())
        .merge(routes::projects::router())
        .merge(routes::folders::router())
        .merge(routes::files::router())
        .merge(routes::members::router())
        .merge(routes::users::router())
        .merge(routes::api_keys::router())
        .merge(routes::oauth_apps::router())
        .merge(routes::authorizations::router());
    Router::new()
        .merge(routes::health::router())
        .merge(routes::auth::router())
        .merge(routes::oauth_pages::router())
        .merge(routes::invitations::router())
        .merge(routes::oauth_token::router())
        .merge(routes::media::router())
        .nest("/api", api)
}

/// The whole application: routes, the envelope for unknown routes and bare errors, the body
/// limit, and a tracing span per request.
pub fn app(state: AppState) -> Router {
    api_router()
        .fallback(fallback::not_found)
        .layer(axum::middleware::map_response(fallback::envelope_bare_errors))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // The path only: a query string could carry something secret-looking.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }))
        .with_state(state)
}
