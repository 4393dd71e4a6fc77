//! The transfer engine inside the app: opened at start with its queue in the app's data dir,
//! fed the signed-in client of each connection, following the transfer settings, resuming a
//! server's transfers when it is signed in again, and telling the UI (events) and the person
//! (desktop notifications) what happens.

pub mod commands;

use std::sync::Arc;

use futures_util::future::BoxFuture;
use rushes_api::connections::ConnectionState;
use rushes_api::ipc::AppError;
use rushes_api::settings::Settings;
use rushes_api::transfers::{TransferDirection, TransferEvent, TransferLimits};
use rushes_client::transfer::{self, Engine, Tuning};
use rushes_client::{ApiClient, ClientError};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

use crate::connections::commands::LIBRARY_ID;
use crate::library::app_data_dir;
use crate::settings::SettingsState;
use crate::state::ShellState;

/// Every change and progress of a transfer; the payload is a `TransferEvent`.
pub const EVENT: &str = rushes_api::ipc::events::TRANSFER;
/// Events were lost (the UI fell behind): it should read the whole list again.
pub const RESYNC_EVENT: &str = rushes_api::ipc::events::TRANSFERS_RESYNC;
/// The queue database, in the app's data dir.
const QUEUE_FILE: &str = "transfers.db";

/// Resolves a connection id to its signed-in API client, as commands do.
struct AppConnections(AppHandle);

impl transfer::Connections for AppConnections {
    fn client(&self, connection: &str) -> BoxFuture<'_, Result<ApiClient, ClientError>> {
        let connection = connection.to_owned();
        Box::pin(async move {
            let state = self.0.state::<ShellState>();
            if connection == LIBRARY_ID {
                let library = state.library().await.map_err(|e| {
                    ClientError::Library(format!("the local library is not running: {}", e.message))
                })?;
                return Ok(library.api.clone());
            }
            let connections = state
                .connections()
                .await
                .map_err(|e| ClientError::Queue(e.message))?;
            Ok(connections.live(&connection).await?.api)
        })
    }
}

/// The engine's limits as the settings give them.
pub fn limits(settings: &Settings) -> TransferLimits {
    TransferLimits {
        concurrency: settings.concurrency,
        bandwidth: settings.bandwidth_limit,
    }
}

/// Opens the queue (transfers that were moving when the app last ended go on) and wires it to
/// the settings, the connections, the UI and the notifications.
pub async fn open(app: &AppHandle) -> Result<Engine, AppError> {
    // The engine makes the folder if need be.
    let db = app_data_dir(app)?.join(QUEUE_FILE);
    let settings = app.state::<SettingsState>();
    let engine = Engine::open(
        &db,
        Arc::new(AppConnections(app.clone())),
        limits(&settings.current()),
        Tuning::default(),
    )
    .await?;
    follow_settings(app, &engine);
    forward_events(app, &engine);
    resume_after_sign_in(app.clone(), engine.clone());
    Ok(engine)
}

/// Applies changed concurrency and bandwidth settings to running transfers.
fn follow_settings(app: &AppHandle, engine: &Engine) {
    let mut settings = app.state::<SettingsState>().subscribe();
    let engine = engine.clone();
    tauri::async_runtime::spawn(async move {
        while settings.changed().await.is_ok() {
            let limits = limits(&settings.borrow_and_update());
            tracing::info!(?limits, "transfer limits changed");
            engine.set_limits(limits);
        }
    });
}

/// Sends every engine event to the UI, and a notification when a batch ends.
fn forward_events(app: &AppHandle, engine: &Engine) {
    let mut events = engine.subscribe();
    let app = app.clone();
    let engine = engine.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let TransferEvent::BatchFinished {
                        batch,
                        done,
                        failed,
                    } = &event
                    {
                        notify_batch(&app, &engine, batch, *done, *failed);
                    }
                    if let Err(e) = app.emit(EVENT, &event) {
                        tracing::warn!(error = %e, "could not send a transfer event");
                    }
                }
                Err(RecvError::Lagged(lost)) => {
                    tracing::debug!(lost, "the UI missed transfer events; it reloads the list");
                    let _ = app.emit(RESYNC_EVENT, ());
                }
                Err(RecvError::Closed) => return,
            }
        }
    });
}

/// Tells the person a batch finished (or what failed in it), in the system's notifications:
/// uploads of rushes take long enough that nobody watches the window.
fn notify_batch(app: &AppHandle, engine: &Engine, batch: &str, done: u32, failed: u32) {
    let members: Vec<_> = engine
        .list()
        .into_iter()
        .filter(|t| t.batch == batch)
        .collect();
    let Some(first) = members.first() else {
        return;
    };
    let (title, body) = batch_message(
        first.direction,
        &first.name,
        u32::try_from(members.len()).unwrap_or(u32::MAX),
        done,
        failed,
    );
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::debug!(error = %e, "no desktop notification");
    }
}

/// The words of a batch's notification.
fn batch_message(
    direction: TransferDirection,
    first_name: &str,
    total: u32,
    done: u32,
    failed: u32,
) -> (String, String) {
    let (noun, verb) = match direction {
        TransferDirection::Upload => ("Upload", "uploaded"),
        TransferDirection::Download => ("Download", "downloaded"),
    };
    let what = if total == 1 {
        first_name.to_owned()
    } else {
        format!("{total} files")
    };
    if failed == 0 {
        (format!("{noun} finished"), format!("{what} {verb}."))
    } else {
        (
            format!("{noun} failed"),
            format!("{failed} of {total} could not be {verb} ({done} done). Open Transfers to see why and retry."),
        )
    }
}

/// Transfers stopped because a server wanted sign-in again go on once it is signed in.
fn resume_after_sign_in(app: AppHandle, engine: Engine) {
    tauri::async_runtime::spawn(async move {
        let Ok(connections) = app.state::<ShellState>().connections().await else {
            return;
        };
        let mut changes = connections.changes();
        loop {
            let id = match changes.recv().await {
                Ok(id) => id,
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return,
            };
            let signed_in = connections
                .get(&id)
                .await
                .is_ok_and(|c| c.state == ConnectionState::SignedIn);
            if signed_in {
                if let Err(e) = engine.resume_connection(&id).await {
                    tracing::warn!(connection = %id, error = %e, "could not resume transfers");
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_messages_say_what_happened() {
        let (t, b) = batch_message(TransferDirection::Upload, "A001.mov", 1, 1, 0);
        assert_eq!(
            (t.as_str(), b.as_str()),
            ("Upload finished", "A001.mov uploaded.")
        );
        let (t, b) = batch_message(TransferDirection::Download, "A001.mov", 12, 12, 0);
        assert_eq!(
            (t.as_str(), b.as_str()),
            ("Download finished", "12 files downloaded.")
        );
        let (t, b) = batch_message(TransferDirection::Upload, "A001.mov", 12, 10, 2);
        assert_eq!(t, "Upload failed");
        assert!(b.starts_with("2 of 12 could not be uploaded (10 done)"));
    }
}
