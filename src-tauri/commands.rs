//! Tauri commands: thin adapters from IPC to `rushes-client`. Each one waits for the local
//! library, calls the client and maps its error to `{code, message}`.

use rushes_api::folders::{Folder, NewFolder};
use rushes_api::ipc::{AppError, LibraryStatus};
use rushes_api::projects::{NewProject, Project};
use rushes_api::Id;
use tauri::State;

use crate::state::AppState;

type CmdResult<T> = Result<T, AppError>;

/// Where the local library runs and how its key is kept.
#[tauri::command]
pub async fn library_status(state: State<'_, AppState>) -> CmdResult<LibraryStatus> {
    Ok(state.library().await?.status.clone())
}

/// Every project in the local library.
#[tauri::command]
pub async fn list_projects(state: State<'_, AppState>) -> CmdResult<Vec<Project>> {
    Ok(state.library().await?.api.list_projects().await?)
}

/// Creates a project; the server validates the name.
#[tauri::command]
pub async fn create_project(
    state: State<'_, AppState>,
    name: String,
    description: String,
) -> CmdResult<Project> {
    let new = NewProject { name, description };
    Ok(state.library().await?.api.create_project(&new).await?)
}

/// The folders directly inside `parent_id`, or at the top of the project.
#[tauri::command]
pub async fn list_folders(
    state: State<'_, AppState>,
    project_id: Id,
    parent_id: Option<Id>,
) -> CmdResult<Vec<Folder>> {
    let lib = state.library().await?;
    Ok(lib.api.list_folders(project_id, parent_id).await?)
}

/// Creates a folder; the server validates the name and rejects duplicates.
#[tauri::command]
pub async fn create_folder(
    state: State<'_, AppState>,
    project_id: Id,
    parent_id: Option<Id>,
    name: String,
) -> CmdResult<Folder> {
    let new = NewFolder { name, parent_id };
    Ok(state
        .library()
        .await?
        .api
        .create_folder(project_id, &new)
        .await?)
}
