//! Build script: tauri-build reads tauri.conf.json at the root and generates the context.
//!
//! A command is declared once, as its `#[tauri::command]` function; from those declarations
//! this script writes the handler list the app registers (`$OUT_DIR/handlers.rs`), the permission
//! list of the app manifest, the main window's capability (`capabilities/main.json`, committed so
//! a review sees what the window may call) and the UI's typed functions
//! (`$OUT_DIR/commands.ts`; a test keeps the committed `ui/src/lib/backend/commands.ts` equal).

#[path = "codegen/commands.rs"]
mod commands;

use std::path::{Path, PathBuf};

/// Writes `text` to `path` unless it already holds it (so an unchanged file keeps its time and
/// nothing rebuilds for it).
fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn generate() -> Result<Vec<String>, String> {
    // Read when the script runs, not when it was compiled: a build cache shared between two
    // checkouts (CI's, a second clone) reuses the compiled script, and `env!` would point it
    // at the checkout that compiled it.
    let manifest =
        std::env::var("CARGO_MANIFEST_DIR").map_err(|e| format!("CARGO_MANIFEST_DIR: {e}"))?;
    let dir = PathBuf::from(manifest).join("src-tauri");
    // Any source may declare a command, a new file too: Cargo watches a directory whole.
    println!("cargo:rerun-if-changed={}", dir.display());
    let found = commands::scan(&dir)?;
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    write_if_changed(&out.join("handlers.rs"), &commands::handlers(&found))?;
    write_if_changed(&out.join("commands.ts"), &commands::typescript(&found))?;
    write_if_changed(
        &dir.join("capabilities/main.json"),
        &commands::capability(&found),
    )?;
    Ok(found.into_iter().map(|c| c.name).collect())
}

fn main() {
    let names = match generate() {
        Ok(names) => names,
        Err(e) => {
            eprintln!("generating the commands failed: {e}");
            std::process::exit(1);
        }
    };
    // The manifest wants a 'static list; a build script runs once, so leaking it is harmless.
    let commands: &'static [&'static str] = names
        .into_iter()
        .map(|n| &*n.leak())
        .collect::<Vec<_>>()
        .leak();
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
