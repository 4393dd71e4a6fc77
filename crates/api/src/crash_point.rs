//! Named points where a debug build stops dead, for the tests that prove a crash at a chosen
//! moment loses nothing.
//!
//! A test starts a server or a command line as a process with `RUSHES_CRASH_AT=<name>`; when the
//! process reaches that point it aborts, with no destructor, flush or goodbye — what `kill -9`
//! does, but at an exact step instead of a lucky moment. Release builds compile every point to
//! nothing. It lives in this crate because server and client both have such steps and depend on
//! nothing else of ours in common.

/// Stops the process here if `RUSHES_CRASH_AT` names `point` (debug builds only).
#[inline]
pub fn crash_point(point: &str) {
    #[cfg(debug_assertions)]
    {
        static AT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
        let at = AT.get_or_init(|| std::env::var("RUSHES_CRASH_AT").ok());
        if at.as_deref() == Some(point) {
            eprintln!("crash point {point}: stopping now");
            std::process::abort();
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}
