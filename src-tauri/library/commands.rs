//! Commands for the library's status and the projects and folders of any connection (the
//! sidebar's tree).

use rushes_api::folders::{Folder, NewFolder};
use rushes_api::ipc::LibraryStatus;
use rushes_api::projects::{NewProject, Project};
use rushes_api::Id;
use tauri::State;

use crate::ipc::{api, CmdResult};
use crate::state::ShellState;

/// Where the local library runs and how its key is kept.
#[tauri::command(rename_all = "snake_case")]
pub async fn library_status(state: State<'_, ShellState>) -> CmdResult<LibraryStatus> {
    Ok(state.library().await?.status.clone())
}

/// Every project of a connection that the signed-in person can see.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_projects(
    state: State<'_, ShellState>,
    connection: String,
) -> CmdResult<Vec<Project>> {
    Ok(api(&state, &connection).await?.list_projects().await?)
}

/// Creates a project; the server validates the name.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_project(
    state: State<'_, ShellState>,
    connection: String,
    name: String,
    description: String,
) -> CmdResult<Project> {
    let new = NewProject { name, description };
    Ok(api(&state, &connection).await?.create_project(&new).await?)
}

/// The folders directly inside `parent_id`, or at the top of the project.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_folders(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    parent_id: Option<Id>,
) -> CmdResult<Vec<Folder>> {
    let api = api(&state, &connection).await?;
    Ok(api.list_folders(project_id, parent_id).await?)
}

/// Creates a folder; the server validates the name and rejects duplicates.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_folder(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    parent_id: Option<Id>,
    name: String,
) -> CmdResult<Folder> {
    let new = NewFolder { name, parent_id };
    let api = api(&state, &connection).await?;
    Ok(api.create_folder(project_id, &new).await?)
}
