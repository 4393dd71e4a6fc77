//! The Tauri shell of the Rushes desktop app: window, commands, plugins and the wiring of the
//! in-process local library. Logic lives in `rushes-client` (and, for the local library,
//! `rushes-server`); this crate only adapts it to Tauri.

mod commands;
mod library;
mod state;

use tauri::{Manager, RunEvent};

use crate::state::AppState;

/// Starts the app. Blocks until the last window closes.
pub fn run() {
    init_tracing();
    let app = tauri::Builder::default()
        .manage(AppState::new())
        .setup(|app| {
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let result = library::open(&handle).await;
                if let Err(e) = &result {
                    tracing::error!(code = ?e.code, message = %e.message, "local library failed to start");
                }
                handle.state::<AppState>().set_library(result);
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::library_status,
            commands::list_projects,
            commands::create_project,
            commands::list_folders,
            commands::create_folder,
        ])
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("could not start the app: {e}");
            eprintln!("Rushes could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            // Let in-flight requests of the local library finish and SQLite close cleanly.
            tauri::async_runtime::block_on(handle.state::<AppState>().shutdown());
        }
    });
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second init (tests) is harmless; ignore it.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never in log files.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
