//! `settings_get` and `settings_set`: the UI's only way to the stored settings; and
//! `check_download_folder`, so Settings can point out a folder that is not there.

use rushes_api::ipc::AppError;
use rushes_api::settings::Settings;
use rushes_client::transfer::batch::DownloadFolder;
use tauri::{AppHandle, State};

use crate::ipc::CmdResult;
use crate::settings::SettingsState;

/// The settings in effect.
#[tauri::command(rename_all = "snake_case")]
pub fn settings_get(settings: State<'_, SettingsState>) -> Settings {
    settings.current()
}

/// Checks and saves the settings; answers with what is now in effect. A rejected value fails
/// with `invalid` and a message that starts with the field's name.
#[tauri::command(rename_all = "snake_case")]
pub fn settings_set(
    app: AppHandle,
    settings: State<'_, SettingsState>,
    value: Settings,
) -> Result<Settings, AppError> {
    settings.save(&app, value)?;
    Ok(settings.current())
}

/// Whether downloads can go into `path` as it stands: fails with `invalid` and words for the
/// person when the folder is missing (a drive not connected) or is a file.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_download_folder(path: String) -> CmdResult<()> {
    Ok(DownloadFolder::Chosen(path.into()).check().await?)
}
