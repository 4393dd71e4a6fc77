//! Commands for the Account screen of a connection: who is signed in, their API keys, the OAuth
//! apps they registered and the apps they authorized.
//!
//! A new key's secret, an app's client secret and a development code reach the UI once, for the
//! person who asked for them to copy; the app keeps none of them. The connection's own tokens
//! never leave Rust.

use rushes_api::auth::{ApiKey, CreatedApiKey};
use rushes_api::oauth::{
    Authorization, CreatedOAuthApp, DevCode, NewDevCode, NewOAuthApp, OAuthApp, OAuthAppUpdate,
};
use rushes_api::usage::StorageUsage;
use rushes_api::users::User;
use rushes_api::Id;
use tauri::State;

use crate::ipc::{api, CmdResult};
use crate::state::ShellState;

/// The account the connection acts as.
#[tauri::command(rename_all = "snake_case")]
pub async fn me(state: State<'_, ShellState>, connection: String) -> CmdResult<User> {
    Ok(api(&state, &connection).await?.me().await?)
}

/// How much storage the connection's account uses, and the server's per-user limit.
#[tauri::command(rename_all = "snake_case")]
pub async fn my_usage(state: State<'_, ShellState>, connection: String) -> CmdResult<StorageUsage> {
    Ok(api(&state, &connection).await?.my_usage().await?)
}

/// How much storage a project's files take, and the server's per-project limit.
#[tauri::command(rename_all = "snake_case")]
pub async fn project_usage(
    state: State<'_, ShellState>,
    connection: String,
    project_id: Id,
) -> CmdResult<StorageUsage> {
    Ok(api(&state, &connection)
        .await?
        .project_usage(project_id)
        .await?)
}

/// The caller's API keys, without their secrets.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_api_keys(
    state: State<'_, ShellState>,
    connection: String,
) -> CmdResult<Vec<ApiKey>> {
    Ok(api(&state, &connection).await?.list_api_keys().await?)
}

/// Creates an API key; its secret is in the answer, once.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_api_key(
    state: State<'_, ShellState>,
    connection: String,
    name: String,
) -> CmdResult<CreatedApiKey> {
    Ok(api(&state, &connection)
        .await?
        .create_api_key(&name)
        .await?)
}

/// Deletes an API key; tokens obtained with it stop working.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_api_key(
    state: State<'_, ShellState>,
    connection: String,
    key_id: Id,
) -> CmdResult<()> {
    Ok(api(&state, &connection)
        .await?
        .delete_api_key(key_id)
        .await?)
}

/// The OAuth apps the caller registered.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_oauth_apps(
    state: State<'_, ShellState>,
    connection: String,
) -> CmdResult<Vec<OAuthApp>> {
    Ok(api(&state, &connection).await?.list_oauth_apps().await?)
}

/// Registers an OAuth app; a confidential app's secret is in the answer, once.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_oauth_app(
    state: State<'_, ShellState>,
    connection: String,
    app: NewOAuthApp,
) -> CmdResult<CreatedOAuthApp> {
    Ok(api(&state, &connection)
        .await?
        .create_oauth_app(&app)
        .await?)
}

/// Renames an app or replaces its redirect URIs.
#[tauri::command(rename_all = "snake_case")]
pub async fn update_oauth_app(
    state: State<'_, ShellState>,
    connection: String,
    app_id: Id,
    update: OAuthAppUpdate,
) -> CmdResult<OAuthApp> {
    let api = api(&state, &connection).await?;
    Ok(api.update_oauth_app(app_id, &update).await?)
}

/// Deletes an app; every token issued to it stops working.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_oauth_app(
    state: State<'_, ShellState>,
    connection: String,
    app_id: Id,
) -> CmdResult<()> {
    Ok(api(&state, &connection)
        .await?
        .delete_oauth_app(app_id)
        .await?)
}

/// Replaces a confidential app's secret; the new one is in the answer, once.
#[tauri::command(rename_all = "snake_case")]
pub async fn rotate_oauth_app_secret(
    state: State<'_, ShellState>,
    connection: String,
    app_id: Id,
) -> CmdResult<CreatedOAuthApp> {
    let api = api(&state, &connection).await?;
    Ok(api.rotate_oauth_app_secret(app_id).await?)
}

/// The development "Generate" button: an authorization code for the caller and this app.
#[tauri::command(rename_all = "snake_case")]
pub async fn generate_oauth_code(
    state: State<'_, ShellState>,
    connection: String,
    app_id: Id,
    request: NewDevCode,
) -> CmdResult<DevCode> {
    let api = api(&state, &connection).await?;
    Ok(api.generate_oauth_code(app_id, &request).await?)
}

/// The apps the caller authorized.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_authorizations(
    state: State<'_, ShellState>,
    connection: String,
) -> CmdResult<Vec<Authorization>> {
    Ok(api(&state, &connection)
        .await?
        .list_authorizations()
        .await?)
}

/// Revokes an authorization and every token it issued.
#[tauri::command(rename_all = "snake_case")]
pub async fn revoke_authorization(
    state: State<'_, ShellState>,
    connection: String,
    authorization_id: Id,
) -> CmdResult<()> {
    let api = api(&state, &connection).await?;
    Ok(api.revoke_authorization(authorization_id).await?)
}
