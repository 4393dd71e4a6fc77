//! Build script: tauri-build reads tauri.conf.json at the root and generates the context.
//! Commands are declared in the app manifest so capabilities can grant them one by one.

const COMMANDS: &[&str] = &[
    "library_status",
    "list_projects",
    "create_project",
    "list_folders",
    "create_folder",
    "list_connections",
    "add_connection",
    "sign_in",
    "cancel_sign_in",
    "sign_out",
    "remove_connection",
];

fn main() {
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
