//! Commands for a file entry's versions, each version's approval status, what the person has
//! seen of it, and a project's activity. Uploading a new version is a transfer
//! (`queue_uploads` with `version_of`), not a command of its own.

use rushes_api::activity::Activity;
use rushes_api::approval::ApprovalStatus;
use rushes_api::files::File;
use rushes_api::page::{Page, MAX_PER_PAGE};
use rushes_api::versions::NewVersion;
use rushes_api::Id;
use tauri::State;

use crate::ipc::{api, CmdResult};
use crate::state::ShellState;

/// Every version of the file's entry, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_versions(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<Vec<File>> {
    let api = api(&state, &connection).await?;
    Ok(api.list_versions((project_id, folder_id, file_id)).await?)
}

/// The pending record of the entry's next version, for an upload to fill.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_version(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    version: NewVersion,
) -> CmdResult<File> {
    let api = api(&state, &connection).await?;
    Ok(api
        .create_version((project_id, folder_id, file_id), &version)
        .await?)
}

/// Deletes one version; refused (`conflict`) when it is the entry's last.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_version(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<()> {
    let api = api(&state, &connection).await?;
    Ok(api.delete_version((project_id, folder_id, file_id)).await?)
}

/// Sets a version's approval status; the file as it is now.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_status(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    status: ApprovalStatus,
) -> CmdResult<File> {
    let api = api(&state, &connection).await?;
    Ok(api
        .set_status((project_id, folder_id, file_id), status)
        .await?)
}

/// The person opened this version: its comments are no longer new to them.
#[tauri::command(rename_all = "snake_case")]
pub async fn mark_seen(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<()> {
    let api = api(&state, &connection).await?;
    Ok(api.mark_seen((project_id, folder_id, file_id)).await?)
}

/// One page (from 1) of what happened in a project, newest first. `per_page` is capped at the
/// server's maximum.
#[tauri::command(rename_all = "snake_case")]
pub async fn project_activity(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    page: u32,
    per_page: u32,
) -> CmdResult<Page<Activity>> {
    let api = api(&state, &connection).await?;
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    Ok(api
        .project_activity(project_id, page.max(1), per_page)
        .await?)
}
