//! `AppState`: what every request handler can reach, built once when the server starts. It
//! bundles the parts of the layers below (database, token settings, sign-in throttle, media,
//! uploads, CSRF key) so the web layer can hand them to the code that does the work.

use std::sync::Arc;

use url::Url;

use crate::auth::csrf::CsrfKey;
use crate::auth::throttle::LoginThrottle;
use crate::auth::TokenSettings;
use crate::config::LoginLimits;
use crate::db::Pool;
use crate::media::MediaState;
use crate::tus::Tus;

/// What every handler can reach: the database and the settings requests depend on. Cheap to
/// clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    pool: Pool,
    base_url: Url,
    tokens: TokenSettings,
    throttle: LoginThrottle,
    guest_throttle: LoginThrottle,
    media: MediaState,
    tus: Tus,
    csrf: CsrfKey,
}

impl AppState {
    /// State for a server reachable at `base_url`.
    pub fn new(
        pool: Pool,
        base_url: Url,
        tokens: TokenSettings,
        login: LoginLimits,
        media: MediaState,
        tus: Tus,
        csrf: CsrfKey,
    ) -> Self {
        Self(Arc::new(Inner {
            throttle: LoginThrottle::new(login, "login", pool.clone()),
            guest_throttle: LoginThrottle::new(login, "guest", pool.clone()),
            pool,
            base_url,
            tokens,
            media,
            tus,
            csrf,
        }))
    }

    /// The media store, URL signer and job queue.
    pub fn media(&self) -> &MediaState {
        &self.0.media
    }

    /// Uploads in progress: their locks, staging files and limits.
    pub fn tus(&self) -> &Tus {
        &self.0.tus
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

    /// Signs and checks the CSRF tokens of the server's forms.
    pub fn csrf(&self) -> &CsrfKey {
        &self.0.csrf
    }

    /// The sign-in failure counters.
    pub fn throttle(&self) -> &LoginThrottle {
        &self.0.throttle
    }

    /// The failure counters of review links' passwords: the sign-in rules, counted apart, so
    /// guests guessing a link's password never lock a team member out of signing in.
    pub fn guest_throttle(&self) -> &LoginThrottle {
        &self.0.guest_throttle
    }
}
