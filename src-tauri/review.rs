//! Commands for reviewing a file: its comment threads and its metadata (custom pairs people edit,
//! technical facts the server measured), and a folder's metadata.

use rushes_api::comments::{Comment, CommentUpdate, NewComment};
use rushes_api::metadata::{Metadata, MetadataPatch};
use rushes_api::Id;
use tauri::State;

use crate::ipc::{api, CmdResult};
use crate::state::ShellState;

/// Every thread on a file, replies inline.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_comments(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<Vec<Comment>> {
    let api = api(&state, &connection).await?;
    Ok(api.list_comments((project_id, folder_id, file_id)).await?)
}

/// Starts a thread on the whole file, a frame or a range of frames.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_comment(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    comment: NewComment,
) -> CmdResult<Comment> {
    let api = api(&state, &connection).await?;
    Ok(api
        .create_comment((project_id, folder_id, file_id), &comment)
        .await?)
}

/// Answers a top-level comment.
#[tauri::command(rename_all = "snake_case")]
pub async fn reply_to_comment(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    comment_id: Id,
    body: String,
) -> CmdResult<Comment> {
    let api = api(&state, &connection).await?;
    Ok(api
        .reply_to_comment((project_id, folder_id, file_id), comment_id, &body)
        .await?)
}

/// Edits a comment (its author only) or resolves or reopens its thread.
#[tauri::command(rename_all = "snake_case")]
pub async fn update_comment(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    comment_id: Id,
    change: CommentUpdate,
) -> CmdResult<Comment> {
    let api = api(&state, &connection).await?;
    Ok(api
        .update_comment((project_id, folder_id, file_id), comment_id, &change)
        .await?)
}

/// Deletes a comment and its replies.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_comment(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    comment_id: Id,
) -> CmdResult<()> {
    let api = api(&state, &connection).await?;
    Ok(api
        .delete_comment((project_id, folder_id, file_id), comment_id)
        .await?)
}

/// A file's custom pairs and technical facts.
#[tauri::command(rename_all = "snake_case")]
pub async fn file_metadata(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
) -> CmdResult<Metadata> {
    let api = api(&state, &connection).await?;
    Ok(api.file_metadata((project_id, folder_id, file_id)).await?)
}

/// Sets (a string) and removes (`null`) custom pairs of a file, leaving the others. A rename is
/// one patch that removes the old key and sets the new one, so it happens at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn patch_file_metadata(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    file_id: Id,
    changes: MetadataPatch,
) -> CmdResult<Metadata> {
    let api = api(&state, &connection).await?;
    Ok(api
        .patch_file_metadata((project_id, folder_id, file_id), &changes)
        .await?)
}

/// A folder's custom pairs.
#[tauri::command(rename_all = "snake_case")]
pub async fn folder_metadata(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
) -> CmdResult<Metadata> {
    let api = api(&state, &connection).await?;
    Ok(api.folder_metadata(project_id, folder_id).await?)
}

/// Sets and removes custom pairs of a folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn patch_folder_metadata(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    folder_id: Id,
    changes: MetadataPatch,
) -> CmdResult<Metadata> {
    let api = api(&state, &connection).await?;
    Ok(api
        .patch_folder_metadata(project_id, folder_id, &changes)
        .await?)
}
