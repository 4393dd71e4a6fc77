//! The app's settings, kept with the store plugin in `settings.json` in the app's data dir, one
//! key per field (`download_dir`, `concurrency`, `bandwidth_limit`, `theme`).
//!
//! The webview never touches the store: it reads and writes through `settings_get` and
//! `settings_set`, which check the values first. Rust code (the transfer engine) reads the
//! current settings with [`SettingsState::current`] and follows changes with
//! [`SettingsState::subscribe`].

pub mod commands;

use std::path::PathBuf;

use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::settings::Settings;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;
use tokio::sync::watch;

/// Overrides where the settings are kept (tests keep them in a temp dir).
const FILE_ENV: &str = "RUSHES_SETTINGS_FILE";
/// The store file, relative to the app's data dir.
const FILE: &str = "settings.json";

/// The settings in effect, shared by the commands and whoever follows them.
pub struct SettingsState {
    current: watch::Sender<Settings>,
}

impl SettingsState {
    /// Loads the stored settings; missing or unreadable ones take their defaults (and the
    /// reason is logged), so a damaged file never keeps the app from starting.
    pub fn load<R: Runtime>(app: &AppHandle<R>) -> Self {
        let settings = match read(app) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(message = %e.message, "settings could not be read; using defaults");
                Settings::default()
            }
        };
        Self {
            current: watch::Sender::new(settings),
        }
    }

    /// The settings in effect now.
    pub fn current(&self) -> Settings {
        self.current.borrow().clone()
    }

    /// A receiver that sees every saved change, for long-running work such as transfers.
    pub fn subscribe(&self) -> watch::Receiver<Settings> {
        self.current.subscribe()
    }

    /// Checks `settings`, writes them to the store and makes them current.
    pub fn save<R: Runtime>(&self, app: &AppHandle<R>, settings: Settings) -> Result<(), AppError> {
        if let Some((field, problem)) = settings.problems().into_iter().next() {
            return Err(AppError {
                code: AppErrorCode::Invalid,
                message: format!("{field}: {problem}"),
            });
        }
        write(app, &settings)?;
        self.current.send_replace(settings);
        Ok(())
    }
}

fn path<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, AppError> {
    if let Some(p) = std::env::var_os(FILE_ENV) {
        return Ok(PathBuf::from(p));
    }
    app.path()
        .app_data_dir()
        .map(|dir| dir.join(FILE))
        .map_err(|e| store_error(format!("could not find the app's data folder: {e}")))
}

fn read<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, AppError> {
    let store = app
        .store(path(app)?)
        .map_err(|e| store_error(e.to_string()))?;
    let fields: serde_json::Map<String, serde_json::Value> = store.entries().into_iter().collect();
    serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|e| store_error(format!("the stored settings are not valid: {e}")))
}

fn write<R: Runtime>(app: &AppHandle<R>, settings: &Settings) -> Result<(), AppError> {
    let store = app
        .store(path(app)?)
        .map_err(|e| store_error(e.to_string()))?;
    let serde_json::Value::Object(fields) =
        serde_json::to_value(settings).map_err(|e| store_error(e.to_string()))?
    else {
        return Err(store_error("settings are not an object".into()));
    };
    for (key, value) in fields {
        store.set(key, value);
    }
    store
        .save()
        .map_err(|e| store_error(format!("the settings could not be saved: {e}")))
}

fn store_error(message: String) -> AppError {
    AppError {
        code: AppErrorCode::Internal,
        message,
    }
}
