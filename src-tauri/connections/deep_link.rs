//! Receiving `rushes://` deep links: forwarded by a second invocation of the app (the
//! single-instance plugin hands its arguments to the running one), delivered by the OS, or
//! present at cold start. Every URL is untrusted; the callback router checks it and uses it only
//! when it completes a pending sign-in. Each one is logged, with its parameter values left out, so
//! a sign-in that never completes can be traced to "the link never arrived" or "it arrived".

use rushes_client::oauth::CallbackRouter;
use tauri::{App, AppHandle, Manager};
use tauri_plugin_deep_link::DeepLinkExt;
use url::Url;

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
            tracing::info!(url = %loggable(&url), "deep link received while running");
            on_open.deliver(url.as_str());
        }
    });
    // A URL the app was started with: there is no pending sign-in in a fresh process, so it
    // is logged and dropped, but it is read, never ignored silently.
    if let Ok(Some(urls)) = deep_link.get_current() {
        for url in urls {
            tracing::info!(url = %loggable(&url), "deep link received at start");
            router.deliver(url.as_str());
        }
    }
}

/// Longest part of a deep link that goes into the log; the rest is cut.
const MAX_LOGGED_LEN: usize = 200;

/// What of a deep link may be logged: scheme, host and path, and the names of its query
/// parameters but none of their values. A sign-in callback carries the authorization code and
/// the state, and anything may send the app a link, so no value is trusted to be harmless.
/// User info and fragment are left out for the same reason. `Url` has already percent-encoded
/// control characters, so a link cannot forge log lines.
fn loggable(url: &Url) -> String {
    let mut out = format!("{}://", url.scheme());
    if let Some(host) = url.host_str() {
        out.push_str(host);
    }
    out.push_str(url.path());
    // The raw query, not `query_pairs()`: that would decode `%0A` in a name into a line break.
    let names = url.query().into_iter().flat_map(|q| q.split('&'));
    let mut sep = '?';
    for name in names.map(|pair| pair.split('=').next().unwrap_or_default()) {
        out.push(sep);
        out.push_str(name);
        out.push_str("=…");
        sep = '&';
    }
    if url.fragment().is_some() {
        out.push_str("#…");
    }
    if out.len() > MAX_LOGGED_LEN {
        let mut end = MAX_LOGGED_LEN;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(raw: &str) -> String {
        loggable(&Url::parse(raw).unwrap())
    }

    #[test]
    fn a_callback_is_logged_without_its_code_or_state() {
        let line = logged("rushes://oauth/callback?code=s3cret-code&state=st4te");
        assert_eq!(line, "rushes://oauth/callback?code=…&state=…");
    }

    #[test]
    fn user_info_fragments_and_odd_values_stay_out_of_the_log() {
        let line = logged("rushes://user:pw@oauth/callback?error=x%0Ay#s3cret");
        assert_eq!(line, "rushes://oauth/callback?error=…#…");
        assert!(!line.contains("pw") && !line.contains("s3cret"));
    }

    #[test]
    fn a_name_cannot_break_the_log_line() {
        let line = logged("rushes://oauth/callback?x%0AERROR%20forged=1&code=c");
        assert_eq!(line, "rushes://oauth/callback?x%0AERROR%20forged=…&code=…");
    }

    #[test]
    fn a_long_link_is_cut() {
        let raw = format!("rushes://oauth/{}?code=c", "é".repeat(500));
        let line = logged(&raw);
        assert!(
            line.len() <= MAX_LOGGED_LEN + '…'.len_utf8(),
            "{}",
            line.len()
        );
        assert!(line.ends_with('…'));
    }
}
