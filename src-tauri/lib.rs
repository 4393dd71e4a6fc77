//! The Tauri shell of the Rushes desktop app: window, commands, plugins, the wiring of the
//! in-process local library and of sign-in (deep links, the system browser). Logic lives in
//! `rushes-client` (and, for the local library, `rushes-server`); this crate only adapts it to
//! Tauri.

mod account;
mod activity;
mod browse;
mod commands_ts;
mod connections;
mod exports;
mod ipc;
mod library;
mod logging;
mod members;
mod review;
pub mod settings;
mod sharing;
mod signals;
mod state;
mod transfers;
mod versions;
mod window_state;

use rushes_client::oauth::CallbackRouter;
use tauri::{AppHandle, Manager, RunEvent};

use crate::state::ShellState;

/// Starts the app. Blocks until the last window closes.
pub fn run() {
    logging::init();
    let router = CallbackRouter::new();
    let app = tauri::Builder::default()
        // First, so that a second invocation hands its arguments over before anything starts.
        .plugin(connections::deep_link::single_instance_plugin())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(window_state::plugin())
        .manage(ShellState::new())
        .setup(move |app| {
            logging::open_file(app);
            #[cfg(debug_assertions)]
            app.add_capability(include_str!("dev-capabilities/synthetic-drops.json"))?;
            signals::exit_on_signal(app.handle().clone());
            app.manage(settings::SettingsState::load(app.handle()));
            connections::deep_link::listen(app, &router);
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(start(handle, router.clone()));
            Ok(())
        })
        // Every #[tauri::command] in src-tauri/, listed by the build script.
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))
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
            tauri::async_runtime::block_on(handle.state::<ShellState>().shutdown());
        }
    });
}

/// Opens the keychain, then starts the local library and loads the server connections, then
/// opens the transfer queue (whose transfers need both).
async fn start(handle: AppHandle, router: CallbackRouter) {
    let state = handle.state::<ShellState>();
    let (store, storage) = match library::open_secret_store(&handle).await {
        Ok(opened) => opened,
        Err(e) => {
            tracing::error!(code = ?e.code, message = %e.message, "the secret store failed");
            state.set_library(Err(e.clone()));
            state.set_connections(Err(e.clone()));
            state.set_transfers(Err(e));
            return;
        }
    };
    let connections = connections::open(&handle, store.clone(), router).await;
    if let Err(e) = &connections {
        tracing::error!(code = ?e.code, message = %e.message, "the connections failed to load");
    }
    state.set_connections(connections);
    let library = library::open(&handle, store, storage).await;
    if let Err(e) = &library {
        tracing::error!(code = ?e.code, message = %e.message, "local library failed to start");
    }
    state.set_library(library);
    let transfers = transfers::open(&handle).await;
    if let Err(e) = &transfers {
        tracing::error!(code = ?e.code, message = %e.message, "the transfer queue failed to open");
    }
    state.set_transfers(transfers);
    activity::start(handle.clone());
}
