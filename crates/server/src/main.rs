//! `rushes-server`: the command line over the server library. See `rushes-server --help`.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use rushes_server::offline::{self, NewUser};
use rushes_server::{start, ServerConfig};
use tracing_subscriber::EnvFilter;

const DEFAULT_DATA_DIR: &str = "./rushes-data";
const DEFAULT_BIND: &str = "127.0.0.1:8420";

/// The Rushes media server.
///
/// Without a subcommand it serves (the same as `serve`). On an empty data dir the first admin is
/// created from RUSHES_ADMIN_EMAIL and RUSHES_ADMIN_PASSWORD; without them a random password is
/// generated and printed once to stdout. There are no default credentials.
///
/// Logs go to stderr; RUST_LOG filters them (default: info).
#[derive(Debug, Parser)]
#[command(
    name = "rushes-server",
    version,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API (the default). Logs one line with `listening on http://ADDR` when
    /// ready; stops gracefully on Ctrl-C or SIGTERM.
    Serve(ServeArgs),
    /// Manage API keys offline (no running server needed).
    #[command(subcommand)]
    ApiKey(ApiKeyCommand),
    /// Manage users offline (no running server needed).
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Args)]
struct DataDir {
    /// Where the database and media live; created when missing.
    #[arg(long, value_name = "DIR", env = "RUSHES_DATA_DIR", default_value = DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// The database, when not the data dir's `rushes.db`: `postgres://USER@HOST/DB` keeps the
    /// metadata in PostgreSQL (files stay in the data dir).
    #[arg(long, value_name = "URL", env = "RUSHES_DATABASE_URL")]
    database_url: Option<String>,
}

impl DataDir {
    fn at(&self) -> rushes_server::DatabaseAt<'_> {
        rushes_server::DatabaseAt {
            data_dir: &self.data_dir,
            database_url: self.database_url.as_deref(),
        }
    }
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    data_dir: DataDir,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", env = "RUSHES_BIND", default_value = DEFAULT_BIND)]
    bind: SocketAddr,
    /// The URL clients use when the server is behind a proxy (absolute links are built from it,
    /// and the web app's requests must come from its origin; https makes cookies Secure).
    #[arg(long, value_name = "URL", env = "RUSHES_PUBLIC_URL")]
    public_url: Option<url::Url>,
    /// A reverse proxy or load balancer in front of the server (an address or a network such as
    /// 10.0.0.0/8; repeat or separate with commas): its X-Forwarded-For names the client that
    /// sign-in lockouts count, and its connections are not capped per address. Headers from
    /// anyone else are ignored.
    #[arg(long = "trusted-proxy", value_name = "ADDR_OR_NET", env = "RUSHES_TRUSTED_PROXIES",
          value_delimiter = ',', value_parser = rushes_server::parse_trusted_proxy)]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// Lifetime of access tokens, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        env = "RUSHES_ACCESS_TOKEN_TTL",
        default_value_t = 3600
    )]
    access_token_ttl: u64,
    /// How long a refresh token stays valid without being used, in seconds (default 30 days).
    #[arg(long, value_name = "SECONDS", env = "RUSHES_REFRESH_TOKEN_TTL", default_value_t = 30 * 24 * 3600)]
    refresh_token_ttl: u64,
    /// How long a sign-in of the web app lasts without a request, in seconds (default 12
    /// hours).
    #[arg(long, value_name = "SECONDS", env = "RUSHES_WEB_SESSION_IDLE", default_value_t = 12 * 3600)]
    web_session_idle: u64,
    /// How long a sign-in of the web app lasts at most, however busy, in seconds (default 7
    /// days).
    #[arg(long, value_name = "SECONDS", env = "RUSHES_WEB_SESSION_MAX_AGE", default_value_t = 7 * 24 * 3600)]
    web_session_max_age: u64,
    /// Failed password sign-ins in a row after which the account and the client address are
    /// locked.
    #[arg(
        long,
        value_name = "COUNT",
        env = "RUSHES_LOGIN_MAX_FAILURES",
        default_value_t = 5
    )]
    login_max_failures: u32,
    /// How long such a lock lasts, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        env = "RUSHES_LOGIN_LOCKOUT",
        default_value_t = 900
    )]
    login_lockout: u64,
    /// Bytes one user may store (files, unfinished uploads, partials); unset: no limit.
    #[arg(long, value_name = "BYTES", env = "RUSHES_USER_QUOTA")]
    user_quota: Option<u64>,
    /// Bytes one project may store (its files and the uploads into them); unset: no limit.
    #[arg(long, value_name = "BYTES", env = "RUSHES_PROJECT_QUOTA")]
    project_quota: Option<u64>,
    /// Media jobs (probes, proxies, waveforms) run at the same time. Each encode uses every
    /// core it gets, at the lowest CPU priority. 0: this instance runs none, for instances
    /// beside the one that runs them (several instances on one database).
    #[arg(long, value_name = "COUNT", env = "RUSHES_MEDIA_JOBS", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(0..=64))]
    media_jobs: u16,
    /// How long, in seconds, a media job claimed by an instance that stopped answering waits
    /// before another instance takes it on (several instances on one database).
    #[arg(long, value_name = "SECONDS", env = "RUSHES_MEDIA_JOB_LEASE", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(2..=3600))]
    media_job_lease: u64,
}

#[derive(Debug, Subcommand)]
enum ApiKeyCommand {
    /// Create an API key for a user and print it (only the key, on stdout). It is shown once.
    Create {
        #[command(flatten)]
        data_dir: DataDir,
        /// The email address of the key's owner.
        #[arg(long, value_name = "EMAIL")]
        user: String,
        /// A label to tell the key apart from others.
        #[arg(long, value_name = "NAME", default_value = "command line")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user.
    Create {
        #[command(flatten)]
        data_dir: DataDir,
        /// Their email address, which they sign in with.
        #[arg(long, value_name = "EMAIL")]
        email: String,
        /// Their password (at least 8 characters). Prefer the environment variable: command
        /// lines are visible to other users of the machine.
        #[arg(
            long,
            value_name = "PASSWORD",
            env = "RUSHES_USER_PASSWORD",
            hide_env_values = true
        )]
        password: String,
        /// Their display name (default: the part of the email before @).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Make them a server admin (manages users and every project).
        #[arg(long)]
        admin: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::ApiKey(ApiKeyCommand::Create {
            data_dir,
            user,
            name,
        })) => create_api_key(data_dir, &user, &name).await,
        Some(Command::User(UserCommand::Create {
            data_dir,
            email,
            password,
            name,
            admin,
        })) => {
            let new = NewUser {
                email,
                name,
                password: Some(password.into()),
                is_admin: admin,
            };
            create_user(data_dir, new).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rushes-server: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        // A closed stderr (the reader of a pipe went away) must not bring the server down:
        // reporting the failed write would itself write to stderr, and panic.
        .log_internal_errors(false)
        .init();
}

async fn serve(args: ServeArgs) -> Result<(), rushes_server::ServerError> {
    let mut config = ServerConfig::new(args.data_dir.data_dir, args.bind);
    config.database_url = args.data_dir.database_url;
    config.public_url = args.public_url;
    config.access_token_ttl = Duration::from_secs(args.access_token_ttl);
    config.refresh_token_ttl = Duration::from_secs(args.refresh_token_ttl);
    config.web_sessions.idle = Duration::from_secs(args.web_session_idle);
    config.web_sessions.max_age = Duration::from_secs(args.web_session_max_age);
    config.login_limits.max_failures = args.login_max_failures.max(1);
    config.login_limits.lockout = Duration::from_secs(args.login_lockout);
    config.quotas.user_bytes = args.user_quota.map(saturating_i64);
    config.quotas.project_bytes = args.project_quota.map(saturating_i64);
    config.media_tools.workers = usize::from(args.media_jobs);
    config.media_tools.lease = Duration::from_secs(args.media_job_lease);
    config.trusted_proxies = args.trusted_proxies;
    let stop = shutdown_signal();
    let handle = start(config).await?;
    stop.await;
    tracing::info!("shutting down");
    handle.shutdown().await;
    Ok(())
}

async fn create_api_key(
    data_dir: DataDir,
    user: &str,
    name: &str,
) -> Result<(), rushes_server::ServerError> {
    let key = offline::create_api_key(data_dir.at(), user, name).await?;
    println!("{}", key.secret);
    Ok(())
}

async fn create_user(data_dir: DataDir, new: NewUser) -> Result<(), rushes_server::ServerError> {
    let user = offline::create_user(data_dir.at(), new).await?;
    let role = if user.is_admin { "admin" } else { "user" };
    println!("created {role} {} (id {})", user.email, user.id);
    Ok(())
}

/// Ctrl-C, or SIGTERM (what service managers and container runtimes send). The SIGTERM handler
/// is in place when this returns, not when the future is first awaited: the server starts after
/// it, so a SIGTERM sent as soon as the server says where it listens stops it gracefully instead
/// of killing it.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        let ctrl_c = async {
            if let Err(e) = tokio::signal::ctrl_c().await {
                tracing::error!(error = %e, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let terminate = async {
            match terminate {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot listen for SIGTERM");
                    std::future::pending::<()>().await;
                }
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {}
            () = terminate => {}
        }
    }
}

/// Byte counts are `i64` in the database; a larger limit is no limit in practice.
fn saturating_i64(bytes: u64) -> i64 {
    i64::try_from(bytes).unwrap_or(i64::MAX)
}
