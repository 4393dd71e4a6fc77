//! What every command shares: its result type and the API client of the connection it is for.
//! Commands are thin adapters from IPC to `rushes-client`: each finds the connection it is for
//! (the local library or a server), calls the client and maps its error to `{code, message}`.

use rushes_api::ipc::AppError;
use rushes_client::ApiClient;

use crate::connections::commands::LIBRARY_ID;
use crate::state::ShellState;

pub(crate) type CmdResult<T> = Result<T, AppError>;

/// The signed-in API client of `connection`.
pub(crate) async fn api(state: &ShellState, connection: &str) -> CmdResult<ApiClient> {
    if connection == LIBRARY_ID {
        return Ok(state.library().await?.api.clone());
    }
    Ok(state.connections().await?.live(connection).await?.api)
}
