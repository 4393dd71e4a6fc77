//! Receiving `rushes://` deep links: forwarded by a second invocation of the app (the
//! single-instance plugin hands its arguments to the running one), delivered by the OS, or
//! present at cold start. Every URL is untrusted; the callback router checks it and uses it only
//! when it completes a pending sign-in.

use rushes_client::oauth::CallbackRouter;
use tauri::{App, AppHandle, Manager};
use tauri_plugin_deep_link::DeepLinkExt;

/// Lets tests run several copies of the app side by side: each copy with its own id forms its
/// own single instance.
const INSTANCE_ENV: &str = "RUSHES_INSTANCE_ID";

/// The single-instance plugin. With its `deep-link` feature it passes a second invocation's
/// URL on to the deep-link plugin; here it also brings the window to the front.
pub fn single_instance_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let mut builder = tauri_plugin_single_instance::Builder::new().callback(
        |app: &AppHandle, _argv: Vec<String>, _cwd: String| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        },
    );
    if let Ok(id) = std::env::var(INSTANCE_ENV) {
        // D-Bus name elements: letters, digits and `_`, not starting with a digit.
        let valid = id.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if valid {
            builder = builder.dbus_id(format!("io.rushes.desktop.{id}"));
        }
    }
    builder.build()
}

/// Routes every deep link, now and later, to `router`.
pub fn listen(app: &App, router: &CallbackRouter) {
    let deep_link = app.deep_link();
    let on_open = router.clone();
    deep_link.on_open_url(move |event| {
        for url in event.urls() {
            on_open.deliver(url.as_str());
        }
    });
    // A URL the app was started with: there is no pending sign-in in a fresh process, so it
    // is logged and dropped, but it is read, never ignored silently.
    if let Ok(Some(urls)) = deep_link.get_current() {
        for url in urls {
            router.deliver(url.as_str());
        }
    }
}
