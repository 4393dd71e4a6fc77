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

/// The browsing, review, members, account and settings screens (granted in `capabilities/ui.json`).
const UI_COMMANDS: &[&str] = &[
    "update_project",
    "delete_project",
    "update_folder",
    "delete_folder",
    "list_files_page",
    "get_file",
    "update_file",
    "delete_file",
    "media_url",
    "poster_url",
    "list_comments",
    "create_comment",
    "reply_to_comment",
    "update_comment",
    "delete_comment",
    "file_metadata",
    "patch_file_metadata",
    "folder_metadata",
    "patch_folder_metadata",
    "project_members",
    "set_project_role",
    "folder_members",
    "set_folder_role",
    "find_users",
    "create_user",
    "me",
    "my_usage",
    "project_usage",
    "list_api_keys",
    "create_api_key",
    "delete_api_key",
    "list_oauth_apps",
    "create_oauth_app",
    "update_oauth_app",
    "delete_oauth_app",
    "rotate_oauth_app_secret",
    "generate_oauth_code",
    "list_authorizations",
    "revoke_authorization",
    "settings_get",
    "settings_set",
];

/// Uploading, downloading and the transfers panel (granted in `capabilities/transfers.json`).
const TRANSFER_COMMANDS: &[&str] = &[
    "list_transfers",
    "pick_uploads",
    "pick_folder",
    "check_uploads",
    "queue_uploads",
    "queue_downloads",
    "pause_transfer",
    "resume_transfer",
    "retry_transfer",
    "cancel_transfer",
    "move_transfer",
    "clear_finished_transfers",
    "reveal_transfer",
    "open_transfer",
];

fn main() {
    // The manifest wants a 'static list; a build script runs once, so leaking it is harmless.
    let commands: &'static [&'static str] = COMMANDS
        .iter()
        .chain(UI_COMMANDS)
        .chain(TRANSFER_COMMANDS)
        .copied()
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
