//! The command line's grammar.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use rushes_api::transfers::OnConflict;

#[derive(Debug, Parser)]
#[command(
    name = "rushes",
    version,
    about = "Upload rushes to a Rushes server, list what is there, and download it again",
    long_about = "Upload rushes to a Rushes server, list what is there, and download it again.\n\n\
        Transfers resume: run the same upload or download again after an interruption and it \
        goes on from what arrived. Output is a progress bar on a terminal and one JSON object \
        per line with --json (or when stdout is not a terminal)."
)]
pub struct Cli {
    /// The server to use, by URL; needed only when more than one is signed in.
    #[arg(long, global = true, env = "RUSHES_SERVER")]
    pub server: Option<String>,
    /// One JSON object per line instead of text and progress bars.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in to a server with an API key or with client credentials.
    Login(Login),
    /// Sign out of a server and forget its credentials.
    Logout {
        /// The server's URL (the only one when omitted).
        url: Option<String>,
    },
    /// List projects, a project's folders, or a folder's contents.
    Ls {
        /// `PROJECT[/FOLDER/...]`; the projects when omitted.
        path: Option<String>,
    },
    /// Upload files and folders (folders recreate their tree).
    Upload(Transfer),
    /// Download files or whole folders.
    Download(Transfer),
}

#[derive(Debug, clap::Args)]
pub struct Login {
    /// The server's URL, e.g. https://media.example.com
    pub url: String,
    /// An API key (api.video's flow). Also read from RUSHES_API_KEY.
    #[arg(long, env = "RUSHES_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// OAuth client id, for client credentials.
    #[arg(long, requires_all = ["client_secret", "username"])]
    pub client_id: Option<String>,
    /// OAuth client secret. Also read from RUSHES_CLIENT_SECRET.
    #[arg(long, env = "RUSHES_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    /// The account's user name (email), for client credentials.
    #[arg(long)]
    pub username: Option<String>,
    /// The account's password. Read from RUSHES_PASSWORD, or asked on the terminal.
    #[arg(long, env = "RUSHES_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Transfer {
    /// Uploads: local files and folders. Downloads: `PROJECT/FOLDER/.../NAME` files or folders.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Uploads: `PROJECT/FOLDER/...` (created when missing). Downloads: a local folder.
    #[arg(long)]
    pub to: String,
    /// What to do when the name is taken at the target.
    #[arg(long, value_enum, default_value_t = Conflict::KeepBoth)]
    pub on_conflict: Conflict,
    /// Transfers at once.
    #[arg(long, default_value_t = 4)]
    pub concurrency: u32,
    /// Bandwidth limit in bytes per second (K, M and G suffixes allowed).
    #[arg(long, value_parser = parse_rate)]
    pub limit: Option<u64>,
    /// Include hidden files (names starting with a dot) of folders.
    #[arg(long)]
    pub hidden: bool,
    /// Where the queue is kept (resuming needs the same one); the user's data folder by default.
    #[arg(long, env = "RUSHES_QUEUE")]
    pub queue: Option<PathBuf>,
    /// Seconds to keep trying while the server cannot be reached before giving up (0: at
    /// once). Ctrl-C gives up sooner.
    #[arg(long, default_value_t = 600)]
    pub wait: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Conflict {
    KeepBoth,
    Replace,
    Skip,
    NewVersion,
}

impl From<Conflict> for OnConflict {
    fn from(c: Conflict) -> Self {
        match c {
            Conflict::KeepBoth => OnConflict::KeepBoth,
            Conflict::Replace => OnConflict::Replace,
            Conflict::Skip => OnConflict::Skip,
            Conflict::NewVersion => OnConflict::NewVersion,
        }
    }
}

/// `1500000`, `800K`, `20M`, `1G` (powers of 1024).
pub fn parse_rate(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.chars().last() {
        Some('K' | 'k') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M' | 'm') => (&s[..s.len() - 1], 1 << 20),
        Some('G' | 'g') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("“{s}” is not a rate like 800K or 20M"))?;
    match n.checked_mul(mult) {
        Some(0) | None => Err(format!("“{s}” is not a usable rate")),
        Some(r) => Ok(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_take_suffixes() {
        assert_eq!(parse_rate("20M"), Ok(20 << 20));
        assert_eq!(parse_rate("800k"), Ok(800 << 10));
        assert_eq!(parse_rate("1500"), Ok(1500));
        assert!(parse_rate("0").is_err());
        assert!(parse_rate("fast").is_err());
    }

    #[test]
    fn the_grammar_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
