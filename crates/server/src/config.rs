//! How a server is configured: where its data lives, where it listens, token lifetimes, who
//! its first admin is, where the media tools are, and the limits with their defaults. It is at
//! the bottom of the server's layers: every other module may read it, it reads none of them.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use rushes_api::Secret;

/// Access tokens live an hour by default (docs/architecture/api.md, "Running the server").
pub const DEFAULT_ACCESS_TOKEN_TTL: Duration = Duration::from_secs(3600);
/// A refresh token expires after 30 days without use; every use rotates it and starts again.
pub const DEFAULT_REFRESH_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// A web app session ends after 12 hours without a request: a working day with breaks in it,
/// not a night.
pub const DEFAULT_SESSION_IDLE: Duration = Duration::from_secs(12 * 3600);
/// And seven days after signing in, however busy: the password is asked for once a week.
pub const DEFAULT_SESSION_MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// Everything [`crate::start`] needs. Build it with [`ServerConfig::new`] and adjust fields.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Holds `rushes.db` (and, later, the media). Created when missing.
    pub data_dir: PathBuf,
    /// The database, when it is not the data dir's `rushes.db`: `postgres://user@host/db`
    /// (with the `postgres` feature), or `sqlite://path`. Files' bytes stay in `data_dir`.
    pub database_url: Option<String>,
    /// Where to listen. Port 0 picks a free port; [`crate::ServerHandle::addr`] tells which.
    pub bind: SocketAddr,
    /// The address clients use when the server is behind a proxy. Absolute links (pagination
    /// `Link` headers) are built from it; without it they use the bound address.
    pub public_url: Option<url::Url>,
    /// How long an access token is accepted.
    pub access_token_ttl: Duration,
    /// How long a refresh token stays valid without being used (inactivity expiry).
    pub refresh_token_ttl: Duration,
    /// How long a sign-in of the web app lasts.
    pub web_sessions: WebSessionLimits,
    /// Who becomes the first admin when the database has no users yet.
    pub admin: AdminBootstrap,
    /// How failed password sign-ins are slowed down and locked out.
    pub login_limits: LoginLimits,
    /// Where `ffprobe` and `ffmpeg` are; when they do not run, files get no technical metadata
    /// and no poster, and everything else works.
    pub media_tools: MediaTools,
    /// How long a signed media URL (download, player, poster) stays valid.
    pub media_url_ttl: Duration,
    /// How long an unfinished tus upload survives without progress (and a finished one is still
    /// answered for) before it is removed. Default 24 hours.
    pub upload_expiry: Duration,
    /// The largest upload accepted (`Tus-Max-Size`). Default 1 PiB.
    pub max_upload_size: i64,
    /// How long connections may wait on their client, and how many one address may hold.
    pub connections: ConnectionLimits,
    /// How much storage users and projects may take, and how many partial uploads a user may
    /// keep waiting for their concatenation.
    pub quotas: StorageQuotas,
    /// How many entries a ZIP download may hold and how many one user may stream at once.
    pub zip: ZipLimits,
    /// Reverse proxies (load balancers) whose `X-Forwarded-For` names the client; connections
    /// from them are not capped per address either. Empty by default: nothing forwarded is
    /// believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// Limits of ZIP downloads (`…/zip`). An archive's entries are planned, and its central
/// directory kept, in memory until its end, so their number is bounded; each stream holds a
/// connection and reads the disk for as long as its client takes, so a user gets a few.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Files and folders in one archive; more is a 422 before anything is sent.
    pub max_entries: usize,
    /// ZIP streams one user may have open at once; one more is a 429.
    pub streams_per_user: usize,
}

impl Default for ZipLimits {
    fn default() -> Self {
        Self {
            max_entries: 100_000,
            streams_per_user: 4,
        }
    }
}

/// How long a sign-in of the web app (`POST /signin`, a session cookie) lasts. Tests use small
/// values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebSessionLimits {
    /// The session ends after this long without a request (idle expiry); each request starts
    /// it again.
    pub idle: Duration,
    /// The session ends this long after signing in, however busy it is (absolute expiry).
    pub max_age: Duration,
}

impl Default for WebSessionLimits {
    /// 12 hours idle, 7 days in all.
    fn default() -> Self {
        Self {
            idle: DEFAULT_SESSION_IDLE,
            max_age: DEFAULT_SESSION_MAX_AGE,
        }
    }
}

/// Storage limits, the same for every user and every project (there are no per-account
/// overrides: an operator who needs one raises the server-wide value).
///
/// Usage counts ready files, the declared length of unfinished uploads (received bytes while the
/// length is deferred) and, for users, partial uploads not yet concatenated; it is checked when
/// an upload is created, on every PATCH of a deferred-length upload and at concatenation, so
/// disk space is promised before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageQuotas {
    /// Bytes one user may hold (files they created, their uploads and partials). `None`: no
    /// limit.
    pub user_bytes: Option<i64>,
    /// Bytes one project may hold (its files and the uploads into them). `None`: no limit.
    pub project_bytes: Option<i64>,
    /// Partial uploads (`Upload-Concat: partial`) one user may have at once, complete or not,
    /// until a final upload joins them.
    pub max_partials: u32,
    /// Bytes one user's partial uploads may take together, declared or received, whatever
    /// `user_bytes` says: partials are not bound to a project, so this is what bounds them
    /// when there is no user quota.
    pub partial_bytes: i64,
}

/// tus-js-client's `parallelUploads` makes a handful of partials per file; 64 leaves room for
/// several files in parallel and stops a flood.
pub const DEFAULT_MAX_PARTIALS: u32 = 64;
/// A day of camera cards in flight at once, and far below what fills a server's disk.
pub const DEFAULT_PARTIAL_BYTES: i64 = 1 << 40;

impl Default for StorageQuotas {
    /// No user or project limit; 64 partials and 1 TiB of partial bytes per user.
    fn default() -> Self {
        Self {
            user_bytes: None,
            project_bytes: None,
            max_partials: DEFAULT_MAX_PARTIALS,
            partial_bytes: DEFAULT_PARTIAL_BYTES,
        }
    }
}

/// Unfinished uploads are forgotten after a day without a byte (docs/architecture/api.md,
/// Transfers).
pub const DEFAULT_EXPIRY: Duration = Duration::from_secs(24 * 3600);

/// The largest size a file may announce: 2^50 bytes (1 PiB), far beyond any camera card.
pub const MAX_FILE_SIZE: i64 = 1 << 50;

/// Where the media tools are, and how many media jobs run at once. The defaults find the tools
/// on `PATH` and run one job at a time.
#[derive(Debug, Clone)]
pub struct MediaTools {
    pub ffprobe: PathBuf,
    pub ffmpeg: PathBuf,
    /// Media jobs this instance runs at once. 0: none, and the queue and work directory are left
    /// to the instance that runs them (several instances on one database).
    pub workers: usize,
    /// How long a claimed media job stays this instance's without a renewal (renewed three
    /// times as often while it runs). After an instance dies, its jobs wait this long before
    /// another instance takes them on.
    pub lease: Duration,
}

impl Default for MediaTools {
    fn default() -> Self {
        Self {
            ffprobe: "ffprobe".into(),
            ffmpeg: "ffmpeg".into(),
            workers: 1,
            lease: Duration::from_secs(30),
        }
    }
}

/// Signed media URLs live long enough to watch a feature or start a large download; a resumed
/// download asks for a fresh one.
pub const DEFAULT_MEDIA_URL_TTL: Duration = Duration::from_secs(6 * 3600);

/// How sign-in failures on the authorization pages are slowed and locked. Tests use small
/// values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Consecutive failures after which the account and the client address are locked.
    pub max_failures: u32,
    /// How long a lock lasts.
    pub lockout: Duration,
    /// Extra wait per failure before a failed attempt is answered.
    pub failure_delay: Duration,
}

impl Default for LoginLimits {
    /// Five tries, then fifteen minutes; each failure is answered 500 ms later than the last.
    fn default() -> Self {
        Self {
            max_failures: 5,
            lockout: Duration::from_secs(15 * 60),
            failure_delay: Duration::from_millis(500),
        }
    }
}

/// How long connections may wait on their client, and how many one address may hold. Tests
/// use small values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's line and headers must arrive within this long of the first wait for them
    /// (a new connection, or the next request on a kept-alive one).
    pub header_read_timeout: Duration,
    /// A connection with no request in progress that moves no byte for this long is closed, and
    /// so is one whose client stops reading an answer for this long.
    pub idle_timeout: Duration,
    /// The longest wait for the next piece of a request body. It restarts with every piece, so
    /// a slow upload that keeps moving is never cut; a body that stops arriving is.
    pub body_read_timeout: Duration,
    /// Connections one client address may have open at once.
    pub max_per_address: usize,
}

impl Default for ConnectionLimits {
    /// 30 s for headers, 2 minutes of silence, 60 s between pieces of a body, and 256
    /// connections per address (loopback and reverse proxies are one address for many).
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(120),
            body_read_timeout: Duration::from_secs(60),
            max_per_address: 256,
        }
    }
}

/// The first account of an empty data dir. There are no default credentials: either the operator
/// names them, or a random password is generated and shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminBootstrap {
    /// `RUSHES_ADMIN_EMAIL` and `RUSHES_ADMIN_PASSWORD` when set; otherwise a random password
    /// (and `admin@localhost` when no email is set), printed once to stdout.
    FromEnvOrRandom,
    /// A known account. `password: None` makes an account that cannot sign in by password, as
    /// the desktop app's local library uses: it is reached only with API keys made in-process.
    Given {
        email: String,
        password: Option<Secret>,
        name: String,
    },
}

impl ServerConfig {
    /// A configuration with the documented defaults: one-hour access tokens, 30-day refresh
    /// inactivity, web app sessions of [`WebSessionLimits::default`], no public URL, the first admin from the environment or a random password, and
    /// sign-in locked for 15 minutes after 5 failures, unfinished uploads kept for a day, and
    /// the connection limits of [`ConnectionLimits::default`], and the storage quotas of
    /// [`StorageQuotas::default`] (no user or project limit).
    pub fn new(data_dir: impl Into<PathBuf>, bind: SocketAddr) -> Self {
        Self {
            data_dir: data_dir.into(),
            database_url: None,
            bind,
            public_url: None,
            access_token_ttl: DEFAULT_ACCESS_TOKEN_TTL,
            refresh_token_ttl: DEFAULT_REFRESH_TOKEN_TTL,
            web_sessions: WebSessionLimits::default(),
            admin: AdminBootstrap::FromEnvOrRandom,
            login_limits: LoginLimits::default(),
            media_tools: MediaTools::default(),
            media_url_ttl: DEFAULT_MEDIA_URL_TTL,
            upload_expiry: DEFAULT_EXPIRY,
            max_upload_size: MAX_FILE_SIZE,
            connections: ConnectionLimits::default(),
            quotas: StorageQuotas::default(),
            zip: ZipLimits::default(),
            trusted_proxies: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_the_config_never_shows_the_admin_password() {
        let mut config = ServerConfig::new("/srv/rushes", "127.0.0.1:0".parse().unwrap());
        config.admin = AdminBootstrap::Given {
            email: "admin@example.org".into(),
            password: Some("correct horse battery".into()),
            name: "Admin".into(),
        };
        let shown = format!("{config:?}");
        assert!(shown.contains("admin@example.org"), "{shown}");
        assert!(!shown.contains("correct horse"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
