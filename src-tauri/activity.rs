//! Desktop notifications of what others do to the person's work: every
//! [`POLL_EVERY`](rushes_client::activity_watch::POLL_EVERY) the local library and each
//! signed-in server are asked for new comments and replies on files the person uploaded or
//! commented on, and each new one is shown (see `rushes_client::activity_watch`). The tokens
//! stay in Rust: the webview is neither asked nor told.

use std::collections::HashMap;

use rushes_api::connections::ConnectionState;
use rushes_client::activity_watch::{ActivityWatch, Notice, POLL_EVERY};
use rushes_client::ApiClient;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::{NotificationExt, PermissionState};

use crate::connections::commands::LIBRARY_ID;
use crate::state::ShellState;

/// Starts the poller; it runs until the app ends.
pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        ask_permission(&app);
        let mut watches: HashMap<String, ActivityWatch> = HashMap::new();
        let mut tick = tokio::time::interval(POLL_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            for (id, api) in signed_in(&app).await {
                let watch = watches.entry(id.clone()).or_default();
                match watch.poll(&api).await {
                    Ok(notices) => show(&app, &notices),
                    // Offline, signed out meanwhile, a server without activity yet: the next
                    // poll asks again from the same place.
                    Err(e) => {
                        tracing::debug!(connection = %id, error = %e, "no activity this time")
                    }
                }
            }
        }
    });
}

/// Asks for permission to notify where the system wants that asked; a system that cannot show
/// notifications at all (no notification daemon) is noted and otherwise ignored.
fn ask_permission(app: &AppHandle) {
    let notification = app.notification();
    match notification.permission_state() {
        Ok(PermissionState::Granted) => {}
        Ok(_) => match notification.request_permission() {
            Ok(state) => tracing::info!(?state, "notification permission"),
            Err(e) => tracing::warn!(error = %e, "could not ask for notification permission"),
        },
        Err(e) => tracing::warn!(error = %e, "no notification permission state"),
    }
}

/// The local library and every signed-in server, with their clients.
async fn signed_in(app: &AppHandle) -> Vec<(String, ApiClient)> {
    let state = app.state::<ShellState>();
    let mut out = Vec::new();
    if let Ok(library) = state.library().await {
        out.push((LIBRARY_ID.to_owned(), library.api.clone()));
    }
    let Ok(connections) = state.connections().await else {
        return out;
    };
    for c in connections.list().await {
        if c.id == LIBRARY_ID || c.state != ConnectionState::SignedIn {
            continue;
        }
        match connections.live(&c.id).await {
            Ok(live) => out.push((c.id, live.api)),
            Err(e) => tracing::debug!(connection = %c.id, error = %e, "not polled"),
        }
    }
    out
}

fn show(app: &AppHandle, notices: &[Notice]) {
    for n in notices {
        let shown = app
            .notification()
            .builder()
            .title(&n.title)
            .body(&n.body)
            .show();
        if let Err(e) = shown {
            tracing::debug!(error = %e, "no desktop notification");
        }
    }
}
