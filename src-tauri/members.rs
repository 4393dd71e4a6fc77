//! Commands for members and roles of a project or folder, and for finding (or, for server admins,
//! inviting) the people to add.

use rushes_api::members::{FolderMember, Member};
use rushes_api::roles::Role;
use rushes_api::users::{CreatedUser, NewUser, User};
use rushes_api::Id;
use tauri::State;

use crate::ipc::{api, CmdResult};
use crate::state::ShellState;

/// Everyone with a role in the project: the project role and their folder grants.
#[tauri::command(rename_all = "snake_case")]
pub async fn project_members(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
) -> CmdResult<Vec<Member>> {
    let api = api(&state, &connection).await?;
    Ok(api.project_members(project_id).await?)
}

/// Gives a person a role on the whole project, or takes it away (`role: null`).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_project_role(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    user_id: Id,
    role: Option<Role>,
) -> CmdResult<Member> {
    let api = api(&state, &connection).await?;
    Ok(api.set_project_role(project_id, user_id, role).await?)
}

/// Everyone with a role on a folder: the effective role and every grant it comes from.
#[tauri::command(rename_all = "snake_case")]
pub async fn folder_members(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
) -> CmdResult<Vec<FolderMember>> {
    let api = api(&state, &connection).await?;
    Ok(api.folder_members(project_id, folder_id).await?)
}

/// Grants a role on a folder, or takes the grant on this folder away (`role: null`); answers
/// with what the person still has there, if anything.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_folder_role(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    user_id: Id,
    role: Option<Role>,
) -> CmdResult<Option<FolderMember>> {
    let api = api(&state, &connection).await?;
    Ok(api
        .set_folder_role(project_id, folder_id, user_id, role)
        .await?)
}

/// Accounts whose email contains `email` (server admins only; others get `forbidden`).
#[tauri::command(rename_all = "snake_case")]
pub async fn find_users(
    state: State<'_, ShellState>,
    connection: String,
    email: String,
) -> CmdResult<Vec<User>> {
    let api = api(&state, &connection).await?;
    Ok(api.list_users(None, Some(email.trim())).await?)
}

/// Creates an account (server admins). Without a password the answer carries the one-time
/// invitation link to send the person.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_user(
    state: State<'_, ShellState>,
    connection: String,
    user: NewUser,
) -> CmdResult<CreatedUser> {
    let api = api(&state, &connection).await?;
    Ok(api.create_user(&user).await?)
}
