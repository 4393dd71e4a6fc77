//! `rushes`: the Rushes command line. Signs in to a server, lists it, uploads and downloads
//! through the same client library and transfer engine as the desktop app.

mod args;
mod commands;
mod output;
mod remote;
mod session;

use std::process::ExitCode;

use clap::Parser;
use rushes_api::ipc::AppError;
use rushes_client::ClientError;

use args::{Cli, Command};
use output::Output;
use session::Session;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RUSHES_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    match run(cli, &out).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            let error = AppError::from(e);
            if out.is_json() {
                println!("{}", serde_json::json!({ "error": error }));
            } else {
                eprintln!("rushes: {}", error.message);
            }
            ExitCode::from(2)
        }
    }
}

/// Runs the command; `Ok(false)` when some transfers failed (each said why).
async fn run(cli: Cli, out: &Output) -> Result<bool, ClientError> {
    let session = Session::open().await?;
    let server = cli.server.as_deref();
    match cli.command {
        Command::Login(args) => commands::login::login(&session, args, out)
            .await
            .map(|()| true),
        Command::Logout { url } => commands::login::logout(&session, url.or(cli.server), out)
            .await
            .map(|()| true),
        Command::Ls { path } => {
            let (_, live) = session.pick(server).await?;
            commands::ls::ls(&live.api, path, out).await.map(|()| true)
        }
        Command::Upload(args) => commands::transfer::upload(&session, server, args, out).await,
        Command::Download(args) => commands::transfer::download(&session, server, args, out).await,
    }
}
