//! Settings in the real app: saved through `settings_set` into the store plugin's file, applied
//! at once (the theme), and read back by the next start.

use std::time::{Duration, Instant};

use crate::driver::{App, PATIENCE};

async fn start(dir: &tempfile::TempDir, file: &std::path::Path) -> App {
    let log = dir.path().join("app.log");
    let env = [("RUSHES_SETTINGS_FILE", file.as_os_str())];
    match App::start_with_env(
        &crate::app_binary(),
        &dir.path().join("library"),
        &log,
        &env,
    )
    .await
    {
        Ok(app) => app,
        Err(e) => panic!(
            "{e}\n--- app log ---\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        ),
    }
}

/// Waits until the page's theme is `want` (settings load just after the window opens).
async fn wait_for_theme(app: &App, want: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let value = app
            .client
            .execute("return document.documentElement.dataset.theme", vec![])
            .await
            .unwrap();
        if value.as_str() == Some(want) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the theme stayed {value}, not {want}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn settings_are_kept_with_the_store_plugin_and_read_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("settings.json");
    let app = start(&dir, &file).await;
    app.library_url().await.unwrap();
    wait_for_theme(&app, "dark").await;
    assert!(!file.exists(), "nothing is written before the person saves");

    app.click(r#"[data-testid="open-settings"]"#).await.unwrap();
    let concurrency = app
        .find(r#"[data-testid="settings-concurrency"]"#)
        .await
        .unwrap();
    concurrency.clear().await.unwrap();
    concurrency.send_keys("6").await.unwrap();
    app.type_into(r#"[data-testid="settings-bandwidth"]"#, "2.5")
        .await
        .unwrap();
    app.click(r#"[data-testid="settings-theme-light"]"#)
        .await
        .unwrap();
    app.click(r#"[data-testid="settings-save"]"#).await.unwrap();
    app.wait_for_text(r#"[data-testid="settings"] [role="status"]"#, "Saved")
        .await
        .unwrap();
    wait_for_theme(&app, "light").await;

    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        stored,
        serde_json::json!({
            "download_dir": null,
            "concurrency": 6,
            "bandwidth_limit": 2_500_000,
            "theme": "light",
        })
    );
    app.close().await;

    let again = start(&dir, &file).await;
    wait_for_theme(&again, "light").await;
    again
        .click(r#"[data-testid="open-settings"]"#)
        .await
        .unwrap();
    let field = again
        .find(r#"[data-testid="settings-concurrency"]"#)
        .await
        .unwrap();
    assert_eq!(field.prop("value").await.unwrap().as_deref(), Some("6"));
    again.close().await;
}
