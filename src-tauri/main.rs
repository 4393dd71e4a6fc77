// Hides the console window on Windows release builds; does nothing elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    rushes_app::run();
}
