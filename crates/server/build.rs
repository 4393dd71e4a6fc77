//! Rebuilds the crate when a migration is added (`sqlx::migrate!` embeds them at compile time,
//! and a new file alone would not make cargo compile again), and, with the `web-ui` feature,
//! checks that the built web app (`ui/dist`) is there before the compiler looks for it, so a
//! missing build says what to run instead of failing inside the embedding macro (see
//! `src/http/web_ui/files.rs`).

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=migrations");
    println!("cargo::rustc-check-cfg=cfg(ui_dist_missing)");
    if std::env::var_os("CARGO_FEATURE_WEB_UI").is_none() {
        return;
    }
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dist = manifest_dir.join("../../ui/dist");
    // A directory is watched whole: a new build (new hashed file names) rebuilds the server.
    println!("cargo::rerun-if-changed={}", dist.display());
    if !dist.join("index.html").is_file() {
        println!("cargo::rustc-cfg=ui_dist_missing");
        println!(
            "cargo::warning=ui/dist is missing: run `npm ci` and `npm run build:ui` at the \
             repository root, or build rushes-server without its `web-ui` feature"
        );
    }
}
