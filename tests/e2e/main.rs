//! End-to-end tests of the real app: built binary, real window under Xvfb, driven over
//! WebDriver (tauri-driver + WebKitWebDriver), checked through the HTTP API.
//!
//! Run by `scripts/test.sh`, which provides Xvfb, a D-Bus session and an unlocked keychain.

mod driver;

use std::path::PathBuf;

use driver::App;

/// The app binary cargo built for this test run.
fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rushes-desktop"))
}

/// Starts the app on a fresh library in a temp dir; the log of tauri-driver and the app lands
/// beside it for when a test fails.
async fn start_app(dir: &tempfile::TempDir) -> App {
    let data_dir = dir.path().join("library");
    let log = dir.path().join("app.log");
    match App::start(&app_binary(), &data_dir, &log).await {
        Ok(app) => app,
        Err(e) => panic!(
            "{e}\n--- app log ---\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        ),
    }
}

mod account;
mod fixtures;
mod library;
mod members;
#[path = "../support/page_browser.rs"]
mod page_browser;
mod real_use;
mod review;
mod review_loop;
mod review_proxy;
mod settings;
mod sign_in;
mod transfers;
