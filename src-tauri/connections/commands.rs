//! Commands for the connection list: the local library and the servers. They answer with
//! `Connection` views only, never a token, key or password.

use rushes_api::connections::{Connection, ConnectionState, NewConnection};
use rushes_api::ipc::AppError;
use tauri::{AppHandle, State};

use crate::connections::browser::{options, SystemBrowser};
use crate::state::ShellState;

type CmdResult<T> = Result<T, AppError>;

/// The id the UI uses for the local library.
pub const LIBRARY_ID: &str = "local";

/// The local library first, then every server in the order it was added.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_connections(state: State<'_, ShellState>) -> CmdResult<Vec<Connection>> {
    let mut all = vec![library_view(&state).await?];
    all.extend(state.connections().await?.list().await);
    Ok(all)
}

/// Adds a server (or signs in again to one already listed) with the chosen method. With the
/// browser method this answers once the person has finished in the browser.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_connection(
    app: AppHandle,
    state: State<'_, ShellState>,
    connection: NewConnection,
) -> CmdResult<Connection> {
    let connections = state.connections().await?;
    let browser = SystemBrowser(app.clone());
    Ok(connections.add(connection, &browser, options(&app)).await?)
}

/// Signs in again with the browser to a server added with the browser method.
#[tauri::command(rename_all = "snake_case")]
pub async fn sign_in(
    app: AppHandle,
    state: State<'_, ShellState>,
    id: String,
) -> CmdResult<Connection> {
    let connections = state.connections().await?;
    let browser = SystemBrowser(app.clone());
    Ok(connections
        .sign_in_with_browser(&id, &browser, options(&app))
        .await?)
}

/// Stops waiting for the browser.
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_sign_in(state: State<'_, ShellState>) -> CmdResult<()> {
    state.connections().await?.cancel_all_sign_ins();
    Ok(())
}

/// Revokes the server's tokens and forgets them; the server stays in the list.
#[tauri::command(rename_all = "snake_case")]
pub async fn sign_out(state: State<'_, ShellState>, id: String) -> CmdResult<Connection> {
    Ok(state.connections().await?.sign_out(&id).await?)
}

/// Signs out and removes the server from the list.
#[tauri::command(rename_all = "snake_case")]
pub async fn remove_connection(state: State<'_, ShellState>, id: String) -> CmdResult<()> {
    Ok(state.connections().await?.remove(&id).await?)
}

async fn library_view(state: &ShellState) -> CmdResult<Connection> {
    let lib = state.library().await?;
    Ok(Connection {
        id: LIBRARY_ID.into(),
        label: "Local library".into(),
        url: lib.status.url.clone(),
        method: None,
        state: ConnectionState::SignedIn,
        user: None,
    })
}
