//! Quitting cleanly on SIGTERM, SIGINT and SIGHUP. Session logout, `kill`, `systemd-run` scopes
//! and Ctrl+C at a terminal end the app by signal; left to the default action the process would die
//! on the spot, without saving the window's size and position or letting the local library
//! finish its requests and close SQLite. Here a signal asks the app to exit like closing the
//! window does.

use tauri::AppHandle;

/// Waits for a quit signal in the background and then exits the app with code 0.
#[cfg(unix)]
pub fn exit_on_signal(handle: AppHandle) {
    use tokio::signal::unix::{signal, SignalKind};

    tauri::async_runtime::spawn(async move {
        let streams = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::hangup()),
        );
        let (mut term, mut int, mut hup) = match streams {
            (Ok(term), Ok(int), Ok(hup)) => (term, int, hup),
            _ => {
                tracing::warn!("cannot handle quit signals; they will end the app abruptly");
                return;
            }
        };
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
            _ = hup.recv() => "SIGHUP",
        };
        tracing::info!(signal = name, "quitting on signal");
        handle.exit(0);
    });
}

/// Windows and macOS end apps through their event loops, which Tauri already handles.
#[cfg(not(unix))]
pub fn exit_on_signal(_handle: AppHandle) {}
