//! Commands for browsing and organising: pages of files, renaming, moving and deleting projects,
//! folders and files, and the signed media URLs the player and the poster grid load.

use rushes_api::files::{File, FileUpdate};
use rushes_api::folders::{Folder, FolderUpdate};
use rushes_api::page::{ListQuery, Page, MAX_PER_PAGE};
use rushes_api::projects::{Project, ProjectUpdate};
use rushes_api::renditions::{RenditionKind, Waveform};
use rushes_api::Id;
use tauri::State;

use crate::ipc::{api, CmdResult};
use crate::state::ShellState;

/// Renames a project or changes its description.
#[tauri::command(rename_all = "snake_case")]
pub async fn update_project(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    update: ProjectUpdate,
) -> CmdResult<Project> {
    let api = api(&state, &connection).await?;
    Ok(api.update_project(project_id, &update).await?)
}

/// Deletes a project with everything in it.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_project(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
) -> CmdResult<()> {
    Ok(api(&state, &connection)
        .await?
        .delete_project(project_id)
        .await?)
}

/// Renames and/or moves a folder (`parent_id: null` moves it to the top of the project).
#[tauri::command(rename_all = "snake_case")]
pub async fn update_folder(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    update: FolderUpdate,
) -> CmdResult<Folder> {
    let api = api(&state, &connection).await?;
    Ok(api.update_folder(project_id, folder_id, &update).await?)
}

/// Deletes a folder with everything below it.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_folder(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
) -> CmdResult<()> {
    let api = api(&state, &connection).await?;
    Ok(api.delete_folder(project_id, folder_id).await?)
}

/// One page of the files in a folder, sorted and filtered by the server, so a folder of
/// 100,000 files is browsed a page at a time. `per_page` is capped at the server's maximum.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_files_page(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    query: ListQuery,
    page: u32,
    per_page: u32,
) -> CmdResult<Page<File>> {
    let api = api(&state, &connection).await?;
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    Ok(api
        .files_page(project_id, folder_id, &query, page.max(1), per_page)
        .await?)
}

/// One file.
#[tauri::command(rename_all = "snake_case")]
pub async fn get_file(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<File> {
    let api = api(&state, &connection).await?;
    Ok(api.file((project_id, folder_id, file_id)).await?)
}

/// Renames a file and/or moves it to another folder of its project.
#[tauri::command(rename_all = "snake_case")]
pub async fn update_file(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    update: FileUpdate,
) -> CmdResult<File> {
    let api = api(&state, &connection).await?;
    Ok(api
        .update_file((project_id, folder_id, file_id), &update)
        .await?)
}

/// Deletes a file and its bytes.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_file(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<()> {
    let api = api(&state, &connection).await?;
    Ok(api.delete_file((project_id, folder_id, file_id)).await?)
}

/// A signed, expiring URL of the file's bytes, for the player. It carries its own short-lived
/// credential (no token), which is what lets a `<video>` element fetch it with ranges.
#[tauri::command(rename_all = "snake_case")]
pub async fn media_url(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<String> {
    let api = api(&state, &connection).await?;
    let url = api.download_url((project_id, folder_id, file_id)).await?;
    Ok(url.into())
}

/// A signed, expiring URL of the file's poster image, for the grid and the player.
#[tauri::command(rename_all = "snake_case")]
pub async fn poster_url(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<String> {
    let api = api(&state, &connection).await?;
    let url = api.poster_url((project_id, folder_id, file_id)).await?;
    Ok(url.into())
}

/// A signed, expiring URL of the file's proxy (an MP4 every webview plays), for the player when
/// the original does not play there.
#[tauri::command(rename_all = "snake_case")]
pub async fn proxy_url(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<String> {
    let api = api(&state, &connection).await?;
    let url = api.proxy_url((project_id, folder_id, file_id)).await?;
    Ok(url.into())
}

/// The file's waveform peaks, for the timeline.
#[tauri::command(rename_all = "snake_case")]
pub async fn file_waveform(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<Waveform> {
    let api = api(&state, &connection).await?;
    Ok(api.waveform((project_id, folder_id, file_id)).await?)
}

/// Queues a failed media job of the file again; answers the file with its renditions.
#[tauri::command(rename_all = "snake_case")]
pub async fn retry_rendition(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    kind: RenditionKind,
) -> CmdResult<File> {
    let api = api(&state, &connection).await?;
    Ok(api
        .retry_rendition((project_id, folder_id, file_id), kind)
        .await?)
}
