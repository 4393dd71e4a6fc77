//! Commands for sharing with people who have no account: a project's review links.

use rushes_api::review_links::{CreatedReviewLink, NewReviewLink, ReviewLink};
use rushes_api::Id;
use tauri::State;

use crate::ipc::{api, CmdResult};
use crate::state::ShellState;

/// The project's review links, revoked ones included.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_review_links(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
) -> CmdResult<Vec<ReviewLink>> {
    Ok(api(&state, &connection)
        .await?
        .review_links(project_id)
        .await?)
}

/// Makes a link to a folder or a file; the answer holds its URL, once.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_review_link(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    link: NewReviewLink,
) -> CmdResult<CreatedReviewLink> {
    Ok(api(&state, &connection)
        .await?
        .create_review_link(project_id, &link)
        .await?)
}

/// Revokes a link: it stops working at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn revoke_review_link(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
    link_id: Id,
) -> CmdResult<()> {
    Ok(api(&state, &connection)
        .await?
        .revoke_review_link(project_id, link_id)
        .await?)
}
