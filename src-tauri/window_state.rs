//! Remembering the main window's size and position between runs (tauri-plugin-window-state,
//! in `.window-state.json` in the app's config dir). Saved when the app exits, restored when
//! the window opens.

use tauri_plugin_window_state::StateFlags;

/// The plugin, restoring geometry and the maximized and fullscreen states. Visibility is left
/// out on purpose: a window that was hidden when the app quit must not come back hidden.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(
            StateFlags::SIZE
                | StateFlags::POSITION
                | StateFlags::MAXIMIZED
                | StateFlags::FULLSCREEN,
        )
        .build()
}
