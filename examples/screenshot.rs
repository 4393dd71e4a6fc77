//! Writes PNG screenshots of the running app for reviewing the UI: starts the real app on a
//! fresh local library under WebDriver, fills it with a little content through the UI and saves
//! what the window shows. Run it with `scripts/screenshot.sh [OUT_DIR]`.

// The e2e driver is shared; the screenshot command uses only part of it.
#[allow(dead_code)]
#[path = "../tests/e2e/driver.rs"]
mod driver;

use std::path::PathBuf;

use driver::App;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("screenshot failed: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: screenshot APP_BINARY OUT_DIR";
    let binary = PathBuf::from(args.next().ok_or(usage)?);
    let out_dir = PathBuf::from(args.next().ok_or(usage)?);
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;

    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let app = App::start(
        &binary,
        &dir.path().join("library"),
        &dir.path().join("app.log"),
    )
    .await?;
    app.library_url().await?;
    save(&app, &out_dir.join("library-empty.png")).await?;

    for name in ["Night Shoot", "Commercial — Client X", "Documentary"] {
        app.create_project(name).await?;
    }
    for name in ["Day 01", "Day 02", "Sound", "VFX plates"] {
        app.create_folder(name).await?;
    }
    save(&app, &out_dir.join("library.png")).await?;
    app.close().await;
    Ok(())
}

async fn save(app: &App, path: &std::path::Path) -> Result<(), String> {
    // Let transitions settle so the picture shows the resting state.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let png = app.client.screenshot().await.map_err(|e| e.to_string())?;
    std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}
