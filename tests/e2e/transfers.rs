//! Uploading and downloading in the real app: files picked in the system's file dialog, files
//! and folders dropped on a folder of the sidebar (with a name clash answered in the dialog),
//! the transfers panel's pause and resume under a bandwidth limit, a download from the review
//! screen into the download folder of the settings, and the list kept across a restart. Every
//! file is checked byte for byte (SHA-256) through the library's HTTP API or on disk.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use rand::{Rng, SeedableRng};
use rushes_api::Id;

use crate::driver::{App, PATIENCE};
use crate::fixtures::Library;

/// A file of `len` seeded pseudo-random bytes. `.wav`: the library does not wait to probe it.
fn random_file(dir: &Path, name: &str, len: usize, seed: u64) -> PathBuf {
    let mut bytes = vec![0u8; len];
    rand::rngs::StdRng::seed_from_u64(seed).fill(&mut bytes[..]);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn sha256_of(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

async fn start(dir: &Path, settings: &Path) -> App {
    let log = dir.join("app.log");
    let env = [("RUSHES_SETTINGS_FILE", settings.as_os_str())];
    match App::start_with_env(&crate::app_binary(), &dir.join("library"), &log, &env).await {
        Ok(app) => app,
        Err(e) => panic!(
            "{e}\n--- app log ---\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        ),
    }
}

/// Writes the settings the app reads at start (the store plugin's file: one key per field). The
/// download folder exists, as one chosen with Browse does (a missing one is refused).
fn write_settings(path: &Path, download_dir: &Path, bandwidth: Option<u64>) {
    std::fs::create_dir_all(download_dir).unwrap();
    let settings = serde_json::json!({
        "download_dir": download_dir.display().to_string(),
        "concurrency": 4,
        "bandwidth_limit": bandwidth,
        "theme": "dark",
    });
    std::fs::write(path, settings.to_string()).unwrap();
}

/// A project and folder made in the UI, open in the main area, and the library's API.
async fn open_folder(app: &App, project: &str, folder: &str) -> (Library, Id, Id) {
    let url = app.library_url().await.unwrap();
    app.create_project(project).await.unwrap();
    app.create_folder(folder).await.unwrap();
    let library = Library::open(&url, &app.data_dir).await.unwrap();
    let p = library.project_id(project).await.unwrap();
    let f = library.folder_id(p, folder).await.unwrap();
    app.open_tree_folder(folder).await.unwrap();
    (library, p, f)
}

/// The files of a folder, by name, with their SHA-256 once ready.
async fn remote_files(library: &Library, project: Id, folder: Id) -> Vec<(String, Option<String>)> {
    let mut files: Vec<(String, Option<String>)> = library
        .api
        .list_files(project, folder, &Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.sha256))
        .collect();
    files.sort();
    files
}

/// Waits until `n` transfer rows are done, failing early on a failed one.
async fn wait_done(app: &App, n: usize) {
    let deadline = Instant::now() + PATIENCE * 2;
    loop {
        let done = app
            .client
            .find_all(Locator::Css(r#"[data-transfer-id][data-state="done"]"#))
            .await
            .unwrap()
            .len();
        if done >= n {
            return;
        }
        let failed = app
            .client
            .find_all(Locator::Css(r#"[data-transfer-id][data-state="failed"]"#))
            .await
            .unwrap();
        if let Some(row) = failed.first() {
            let text = row.prop("textContent").await.ok().flatten();
            panic!(
                "a transfer failed: {text:?}; {}",
                app.save_evidence("transfer-failed").await
            );
        }
        if Instant::now() > deadline {
            panic!(
                "{done} of {n} transfers done; {}",
                app.save_evidence("transfers-done").await
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Clicks the button whose text (or label) is `label`, inside `within` (a CSS scope).
async fn click_button(app: &App, within: &str, label: &str) {
    let xpath = format!("{within}//button[normalize-space()='{label}' or @aria-label='{label}']");
    app.client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no button {label}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Runs xdotool and says what went wrong if it did.
fn xdotool(args: &[&str]) -> Result<String, String> {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .map_err(|e| format!("xdotool: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "xdotool {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Answers the system's file dialog titled `title` with `path`, as a person typing a location.
async fn answer_file_dialog(title: &str, path: &Path) {
    let deadline = Instant::now() + PATIENCE;
    let pattern = format!("^{title}$");
    let window = loop {
        if let Ok(found) = xdotool(&["search", "--onlyvisible", "--name", &pattern]) {
            if let Some(id) = found.lines().next() {
                break id.trim().to_owned();
            }
        }
        assert!(Instant::now() < deadline, "no dialog {title:?} appeared");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // Let the dialog finish mapping before it gets keys.
    tokio::time::sleep(Duration::from_millis(800)).await;
    xdotool(&["windowfocus", "--sync", &window]).unwrap();
    xdotool(&["key", "--clearmodifiers", "ctrl+l"]).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&["type", "--delay", "15", &path.display().to_string()]).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&["key", "Return"]).unwrap();
}

#[tokio::test]
async fn files_picked_in_the_system_dialog_are_uploaded() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    write_settings(&settings, &dir.path().join("Downloads"), None);
    let app = start(dir.path(), &settings).await;
    let (library, p, f) = open_folder(&app, "Picked", "Day 01").await;
    let source = random_file(dir.path(), "A001.wav", 300_000, 1);

    click_button(&app, "//main", "Upload files").await;
    answer_file_dialog("Upload files", &source).await;

    app.wait_for_text(r#"[data-testid="file-item"]"#, "A001.wav")
        .await
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    loop {
        let files = remote_files(&library, p, f).await;
        if files == [("A001.wav".to_owned(), Some(sha256_of(&source)))] {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the upload did not finish: {files:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.close().await;
}

#[tokio::test]
async fn files_and_folders_dropped_on_a_sidebar_folder_are_uploaded() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    write_settings(&settings, &dir.path().join("Downloads"), None);
    let app = start(dir.path(), &settings).await;
    let (library, p, f) = open_folder(&app, "Dropped", "Day 02").await;

    // Already there: a clip called B001.wav.
    let old = random_file(dir.path(), "old.wav", 1000, 2);
    library.upload(p, f, &old, "B001.wav").await.unwrap();

    // Dropped: a new B001.wav and a card folder with a hidden file.
    let drop = dir.path().join("drop");
    let card = drop.join("CARD_B/CLIPS");
    std::fs::create_dir_all(&card).unwrap();
    let clash = random_file(&drop, "B001.wav", 200_000, 3);
    let inner = random_file(&card, "C001.wav", 150_000, 4);
    random_file(&drop.join("CARD_B"), ".DS_Store", 10, 5);

    let target = format!(r#"aside [data-drop-folder="{f}"]"#);
    app.drop_files(&target, &[&clash, &drop.join("CARD_B")])
        .await
        .unwrap();
    // The clash is asked about; the person keeps both.
    click_button(&app, "//*[@role='dialog']", "Keep both").await;

    click_button(&app, "//aside", "Transfers").await;
    wait_done(&app, 2).await;

    let files = remote_files(&library, p, f).await;
    assert_eq!(
        files,
        [
            ("B001 (2).wav".to_owned(), Some(sha256_of(&clash))),
            ("B001.wav".to_owned(), Some(sha256_of(&old))),
        ]
    );
    let cards = library.api.list_folders(p, Some(f)).await.unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].name, "CARD_B");
    let clips = library
        .api
        .list_folders(p, Some(cards[0].id))
        .await
        .unwrap();
    assert_eq!(clips[0].name, "CLIPS");
    assert!(
        remote_files(&library, p, cards[0].id).await.is_empty(),
        "the hidden file stayed home"
    );
    assert_eq!(
        remote_files(&library, p, clips[0].id).await,
        [("C001.wav".to_owned(), Some(sha256_of(&inner)))]
    );
    app.close().await;
}

#[tokio::test]
async fn the_panel_pauses_and_resumes_downloads_land_in_the_download_folder_and_the_list_survives_a_restart(
) {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let downloads = dir.path().join("Downloads");
    // 1 MiB/s: slow enough to pause a 6 MiB upload halfway.
    write_settings(&settings, &downloads, Some(1024 * 1024));
    let app = start(dir.path(), &settings).await;
    let (library, p, f) = open_folder(&app, "Panel", "Day 03").await;
    let source = random_file(dir.path(), "D001.wav", 6 * 1024 * 1024, 6);

    app.drop_files("[data-drop-current]", &[&source])
        .await
        .unwrap();
    click_button(&app, "//aside", "Transfers").await;
    let row = r#"[data-transfer-id][data-direction="upload"]"#;
    app.wait_for_attr(row, "data-state", |s| s == "sending")
        .await
        .unwrap();
    click_button(&app, "", "Pause D001.wav").await;
    app.wait_for_attr(row, "data-state", |s| s == "paused")
        .await
        .unwrap();
    let files = remote_files(&library, p, f).await;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].1, None, "paused: not finished at the server");
    click_button(&app, "", "Resume D001.wav").await;
    wait_done(&app, 1).await;
    assert_eq!(
        remote_files(&library, p, f).await,
        [("D001.wav".to_owned(), Some(sha256_of(&source)))]
    );

    // Download it again from the review screen.
    app.open_tree_folder("Day 03").await.unwrap();
    app.wait_for_text(r#"[data-testid="file-item"]"#, "D001.wav")
        .await
        .unwrap();
    app.click(r#"[data-testid="file-item"]"#).await.unwrap();
    app.press("\u{E007}").await.unwrap();
    app.wait_for_text(r#"[data-testid="review-title"]"#, "D001.wav")
        .await
        .unwrap();
    click_button(&app, "//main", "Download").await;
    click_button(&app, "//aside", "Transfers").await;
    wait_done(&app, 2).await;
    assert_eq!(sha256_of(&downloads.join("D001.wav")), sha256_of(&source));
    app.close().await;

    // The list is still there after a restart.
    let app = start(dir.path(), &settings).await;
    app.library_url().await.unwrap();
    click_button(&app, "//aside", "Transfers").await;
    wait_done(&app, 2).await;
    app.close().await;
}

/// A number attribute of the element matching `css`.
async fn number_attr(app: &App, css: &str, name: &str) -> f64 {
    app.find(css)
        .await
        .unwrap()
        .attr(name)
        .await
        .unwrap()
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1.0)
}

#[tokio::test]
async fn the_panel_tells_the_truth_about_rate_pause_and_progress() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let limit = 1024.0 * 1024.0;
    write_settings(&settings, &dir.path().join("Downloads"), Some(1024 * 1024));
    let app = start(dir.path(), &settings).await;
    open_folder(&app, "Truth", "Day 04").await;
    let source = random_file(dir.path(), "D004.wav", 16 * 1024 * 1024, 4);
    app.drop_files("[data-drop-current]", &[&source])
        .await
        .unwrap();
    click_button(&app, "//aside", "Transfers").await;
    let row = r#"[data-transfer-id][data-direction="upload"]"#;
    app.wait_for_attr(row, "data-state", |s| s == "sending")
        .await
        .unwrap();

    // Ten seconds under a 1 MiB/s limit: what is shown never goes back, the rate shown and the
    // bytes actually counted both agree with the limit.
    let started = Instant::now();
    let mut samples: Vec<(f64, f64, f64)> = Vec::new();
    while started.elapsed() < Duration::from_secs(10) {
        let done = number_attr(&app, row, "data-done").await;
        let rate = number_attr(&app, row, "data-rate").await;
        samples.push((started.elapsed().as_secs_f64(), done, rate));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    for pair in samples.windows(2) {
        assert!(pair[1].1 >= pair[0].1, "progress went back: {pair:?}");
    }
    let settled: Vec<&(f64, f64, f64)> = samples.iter().filter(|s| s.0 >= 3.0).collect();
    let (first, last) = (settled[0], settled[settled.len() - 1]);
    let measured = (last.1 - first.1) / (last.0 - first.0);
    assert!(
        (measured - limit).abs() <= 0.1 * limit,
        "{measured:.0} B/s moved under a {limit} B/s limit"
    );
    let mut shown: Vec<f64> = settled.iter().map(|s| s.2).collect();
    shown.sort_by(f64::total_cmp);
    let median = shown[shown.len() / 2];
    assert!(
        (median - measured).abs() <= 0.1 * measured,
        "the panel showed {median:.0} B/s while {measured:.0} B/s moved"
    );

    // Paused is not done: the summary and the sidebar say paused.
    click_button(&app, "", "Pause D004.wav").await;
    app.wait_for_attr(row, "data-state", |s| s == "paused")
        .await
        .unwrap();
    app.wait_for_text(
        r#"[data-testid="transfers-summary"]"#,
        "Nothing moving · 1 paused",
    )
    .await
    .unwrap();
    let badge = app
        .text(r#"[data-testid="transfers-badge"]"#)
        .await
        .unwrap();
    assert!(badge.contains("paused"), "the sidebar shows {badge:?}");
    let paused_at = number_attr(&app, row, "data-done").await;

    // Resumed: progress goes on from there, or says why it went back.
    click_button(&app, "", "Resume D004.wav").await;
    let resumed = Instant::now();
    while resumed.elapsed() < Duration::from_secs(2) {
        let done = number_attr(&app, row, "data-done").await;
        if done >= 0.0 && done < paused_at {
            app.find(r#"[data-testid="transfer-rewound"]"#)
                .await
                .unwrap_or_else(|e| {
                    panic!("progress went back from {paused_at} to {done} unexplained: {e}")
                });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.close().await;
}
