//! Commands of the transfers panel and of uploading and downloading: picking local files,
//! checking a drop for name clashes, queuing uploads and downloads, and controlling the queue.

use std::path::PathBuf;

use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::transfers::{DownloadItem, QueuedBatch, Transfer, UploadCandidate, UploadItem};
use rushes_api::Id;
use rushes_client::transfer::batch::{self, DownloadFolder, DropTarget};
use rushes_client::transfer::tree::TreeOptions;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use tokio::sync::oneshot;

use crate::ipc::{api, CmdResult};
use crate::settings::SettingsState;
use crate::state::ShellState;

/// Every transfer, in queue order, with its latest state.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_transfers(state: State<'_, ShellState>) -> CmdResult<Vec<Transfer>> {
    Ok(state.transfers().await?.list())
}

/// Asks the person for files (or folders) to upload with the system's dialog; an empty list
/// when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_uploads(app: AppHandle, folders: bool) -> CmdResult<Vec<String>> {
    let (tx, rx) = oneshot::channel();
    let mut dialog = app.dialog().file();
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    if folders {
        dialog
            .set_title("Upload folders")
            .pick_folders(move |picked| {
                let _ = tx.send(picked);
            });
    } else {
        dialog.set_title("Upload files").pick_files(move |picked| {
            let _ = tx.send(picked);
        });
    }
    let picked = rx.await.unwrap_or_default().unwrap_or_default();
    picked
        .into_iter()
        .map(|p| {
            p.into_path()
                .map(|p| p.to_string_lossy().into_owned())
                .map_err(|e| AppError {
                    code: AppErrorCode::Invalid,
                    message: format!("the picked item is not a local file: {e}"),
                })
        })
        .collect()
}

/// Asks the person for a download folder with the system's dialog; `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_folder(app: AppHandle) -> CmdResult<Option<String>> {
    let (tx, rx) = oneshot::channel();
    let mut dialog = app.dialog().file();
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog
        .set_title("Download folder")
        .pick_folder(move |picked| {
            let _ = tx.send(picked);
        });
    match rx.await.unwrap_or_default() {
        None => Ok(None),
        Some(picked) => picked
            .into_path()
            .map(|p| Some(p.to_string_lossy().into_owned()))
            .map_err(|e| AppError {
                code: AppErrorCode::Invalid,
                message: format!("the picked folder is not a local folder: {e}"),
            }),
    }
}

/// Looks at dropped or picked paths before anything is queued: what each would send and
/// whether its name is already taken in the folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_uploads(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    paths: Vec<String>,
) -> CmdResult<Vec<UploadCandidate>> {
    let api = api(&state, &connection).await?;
    let target = DropTarget {
        connection,
        project: project_id,
        folder: folder_id,
    };
    Ok(batch::check(&api, &target, &paths, TreeOptions::default()).await?)
}

/// Queues files and folders for upload into a folder, as one batch. Hidden files and links
/// inside folders are left out.
#[tauri::command(rename_all = "snake_case")]
pub async fn queue_uploads(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    items: Vec<UploadItem>,
) -> CmdResult<QueuedBatch> {
    let api = api(&state, &connection).await?;
    let engine = state.transfers().await?;
    let target = DropTarget {
        connection,
        project: project_id,
        folder: folder_id,
    };
    let queued =
        batch::queue_uploads(&engine, &api, &target, &items, TreeOptions::default()).await?;
    tracing::info!(
        batch = %queued.batch,
        files = queued.transfers.len(),
        folders = queued.folders_created,
        skipped = queued.skipped,
        "uploads queued"
    );
    Ok(queued)
}

/// Queues downloads of remote files into the download folder of the settings (the system's
/// Downloads folder when none is set).
#[tauri::command(rename_all = "snake_case")]
pub async fn queue_downloads(
    app: AppHandle,
    state: State<'_, ShellState>,
    settings: State<'_, SettingsState>,
    connection: String,
    project_id: Id,
    items: Vec<DownloadItem>,
) -> CmdResult<QueuedBatch> {
    let dest = match settings.current().download_dir {
        Some(dir) => DownloadFolder::Chosen(PathBuf::from(dir)),
        None => DownloadFolder::Default(app.path().download_dir().map_err(|e| AppError {
            code: AppErrorCode::Invalid,
            message: format!("there is no Downloads folder ({e}); choose one in Settings"),
        })?),
    };
    let engine = state.transfers().await?;
    Ok(batch::queue_downloads(&engine, &connection, project_id, &items, &dest).await?)
}

/// Stops a transfer, keeping what was transferred.
#[tauri::command(rename_all = "snake_case")]
pub async fn pause_transfer(state: State<'_, ShellState>, id: String) -> CmdResult<()> {
    Ok(state.transfers().await?.pause(&id).await?)
}

/// Goes on with a paused transfer from where it stopped.
#[tauri::command(rename_all = "snake_case")]
pub async fn resume_transfer(state: State<'_, ShellState>, id: String) -> CmdResult<()> {
    Ok(state.transfers().await?.resume(&id).await?)
}

/// Tries a failed transfer again from what was transferred.
#[tauri::command(rename_all = "snake_case")]
pub async fn retry_transfer(state: State<'_, ShellState>, id: String) -> CmdResult<()> {
    Ok(state.transfers().await?.retry(&id).await?)
}

/// Stops a transfer for good and removes its unfinished traces.
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_transfer(state: State<'_, ShellState>, id: String) -> CmdResult<()> {
    Ok(state.transfers().await?.cancel(&id).await?)
}

/// Moves a transfer to `index` in the queue (0 runs next).
#[tauri::command(rename_all = "snake_case")]
pub async fn move_transfer(state: State<'_, ShellState>, id: String, index: i64) -> CmdResult<()> {
    let index = usize::try_from(index).map_err(|_| AppError {
        code: AppErrorCode::Invalid,
        message: format!("{index} is not a place in the queue; 0 is the first"),
    })?;
    Ok(state.transfers().await?.move_to(&id, index).await?)
}

/// Removes done, skipped and cancelled transfers from the list.
#[tauri::command(rename_all = "snake_case")]
pub async fn clear_finished_transfers(state: State<'_, ShellState>) -> CmdResult<()> {
    Ok(state.transfers().await?.clear_finished().await?)
}

/// Shows a transfer's local file in the file manager.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_transfer(
    app: AppHandle,
    state: State<'_, ShellState>,
    id: String,
) -> CmdResult<()> {
    let path = local_path_of(&state, &id).await?;
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|e| not_shown(&path, e))
}

/// Opens a finished download with the system's default application for it.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_transfer(
    app: AppHandle,
    state: State<'_, ShellState>,
    id: String,
) -> CmdResult<()> {
    let path = local_path_of(&state, &id).await?;
    app.opener()
        .open_path(&path, None::<&str>)
        .map_err(|e| not_shown(&path, e))
}

/// The local file of transfer `id`.
async fn local_path_of(state: &State<'_, ShellState>, id: &str) -> CmdResult<String> {
    let transfer = state.transfers().await?.get(id).ok_or_else(|| AppError {
        code: AppErrorCode::NotFound,
        message: "that transfer is no longer in the list".into(),
    })?;
    Ok(transfer.local_path)
}

fn not_shown(path: &str, e: impl std::fmt::Display) -> AppError {
    AppError {
        code: AppErrorCode::NotFound,
        message: format!("{path} could not be shown: {e}"),
    }
}
