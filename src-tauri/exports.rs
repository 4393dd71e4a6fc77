//! Saving what the server exports about a file: its comments as a CSV or as an EDL of DaVinci
//! Resolve markers. The client fetches the export; this asks where to save it with the system's
//! save dialog, starting in the download folder of the settings (the system's Downloads folder
//! when none is set), as downloads go.

use std::path::PathBuf;

use rushes_api::comments::ExportFormat;
use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::Id;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tokio::sync::oneshot;

use crate::ipc::{api, CmdResult};
use crate::settings::SettingsState;
use crate::state::ShellState;

/// Exports a file's comments (`csv`, or `edl`: DaVinci Resolve markers) and saves them where
/// the person chooses; the saved path, or `null` when they cancel.
#[tauri::command(rename_all = "snake_case")]
#[allow(clippy::too_many_arguments)]
pub async fn export_comments(
    app: AppHandle,
    state: State<'_, ShellState>,
    settings: State<'_, SettingsState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    format: ExportFormat,
) -> CmdResult<Option<String>> {
    let api = api(&state, &connection).await?;
    let export = api
        .export_comments((project_id, folder_id, file_id), format)
        .await?;
    let start = match settings.current().download_dir {
        Some(dir) => Some(PathBuf::from(dir)),
        None => app.path().download_dir().ok(),
    };
    let (tx, rx) = oneshot::channel();
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Export comments")
        .set_file_name(&export.filename);
    if let Some(dir) = start.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.save_file(move |picked| {
        let _ = tx.send(picked);
    });
    let Some(picked) = rx.await.unwrap_or_default() else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|e| AppError {
        code: AppErrorCode::Invalid,
        message: format!("the chosen place is not a local file: {e}"),
    })?;
    tokio::fs::write(&path, &export.bytes)
        .await
        .map_err(|e| AppError {
            code: if rushes_api::error::is_disk_full(&e) {
                AppErrorCode::DiskFull
            } else {
                AppErrorCode::Internal
            },
            message: format!("could not save {}: {e}", path.display()),
        })?;
    tracing::info!(file = file_id, path = %path.display(), "comments exported");
    Ok(Some(path.to_string_lossy().into_owned()))
}
