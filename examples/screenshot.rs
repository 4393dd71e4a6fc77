//! Writes PNG screenshots of the running app for reviewing the UI: starts the real app on a
//! fresh local library under WebDriver, fills it with content (through the UI, and clips and
//! comments through the library's HTTP API as other programs would) and saves each main view:
//! browse (list and grid), review, members, account, settings, the review loop (a drawn
//! comment, two versions compared, the activity list) and transfers. Run it with
//! `scripts/screenshot.sh [OUT_DIR]`.

// The e2e driver is shared; the screenshot command uses only part of it.
#[allow(dead_code)]
#[path = "../tests/e2e/driver.rs"]
mod driver;
#[path = "../tests/e2e/fixtures.rs"]
mod fixtures;

use std::path::{Path, PathBuf};

use driver::App;
use fixtures::{clip, Library};
use rushes_api::annotations::{DrawTool, Drawing, Shape};
use rushes_api::approval::ApprovalStatus;
use rushes_api::comments::NewComment;
use rushes_api::oauth::NewOAuthApp;
use rushes_api::roles::Role;
use rushes_api::users::NewUser;
use rushes_api::Id;

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
    // A bandwidth limit, so the transfers are still moving when their picture is taken.
    let settings = dir.path().join("settings.json");
    let limited = serde_json::json!({
        "download_dir": null,
        "concurrency": 4,
        "bandwidth_limit": 6 * 1024 * 1024,
        "theme": "dark",
    });
    std::fs::write(&settings, limited.to_string()).map_err(|e| e.to_string())?;
    let app = App::start_with_env(
        &binary,
        &dir.path().join("library"),
        &dir.path().join("app.log"),
        &[("RUSHES_SETTINGS_FILE", settings.as_os_str())],
    )
    .await?;
    let url = app.library_url().await?;
    save(&app, &out_dir.join("library-empty.png")).await?;

    for name in ["Commercial — Client X", "Documentary", "Night Shoot"] {
        app.create_project(name).await?;
    }
    for name in ["Day 01", "Day 02", "Sound", "VFX plates"] {
        app.create_folder(name).await?;
    }
    let library = Library::open(&url, &app.data_dir).await?;
    let project = library.project_id("Night Shoot").await?;
    let day = library.folder_id(project, "Day 01").await?;
    let (first, first_id) = fill(&library, project, day, dir.path()).await?;

    app.open_tree_folder("Day 01").await?;
    app.wait_for_text(r#"[data-testid="file-item"]"#, "A001_C001.mp4")
        .await?;
    app.click(r#"[data-testid="file-item"]"#).await?;
    save(&app, &out_dir.join("browse.png")).await?;
    app.click(r#"[data-testid="layout-grid"]"#).await?;
    save(&app, &out_dir.join("browse-grid.png")).await?;
    app.click(r#"[data-testid="layout-list"]"#).await?;

    // Review the first clip, at its first comment.
    app.wait_for_text(r#"[data-testid="file-item"]"#, &first)
        .await?;
    app.click(r#"[data-testid="file-item"]"#).await?;
    app.press("\u{E007}").await?;
    app.wait_for_attr(r#"[data-testid="player-video"]"#, "data-ready", |v| {
        v == "true"
    })
    .await?;
    app.click(r#"[data-testid="comment-at"]"#).await?;
    save(&app, &out_dir.join("review.png")).await?;
    app.click(r#"[data-testid="tab-metadata"]"#).await?;
    app.find(r#"[data-testid="technical-width"]"#).await?;
    save(&app, &out_dir.join("metadata.png")).await?;
    app.click(r#"[data-testid="review-back"]"#).await?;

    app.click(r#"[data-testid="open-members"]"#).await?;
    app.find(r#"[data-testid="member-row"][data-email="grace@example.org"]"#)
        .await?;
    save(&app, &out_dir.join("members.png")).await?;

    app.click(r#"[data-testid="open-account"]"#).await?;
    app.find(r#"[data-testid="oauth-app"]"#).await?;
    save(&app, &out_dir.join("account.png")).await?;

    app.click(r#"[data-testid="open-settings"]"#).await?;
    app.find(r#"[data-testid="settings-save"]"#).await?;
    save(&app, &out_dir.join("settings.png")).await?;

    // The review loop: a regraded second version of the first clip, an arrow and a circle drawn
    // on its frame 12, compared with the first; then the project's activity.
    review_loop(&library, project, day, first_id, dir.path()).await?;
    // Another folder first, so Day 01 is listed afresh with its new version.
    app.open_tree_folder("Day 02").await?;
    app.open_tree_folder("Day 01").await?;
    app.wait_for_text(r#"[data-testid="file-item"]"#, &first)
        .await?;
    app.click(r#"[data-testid="file-item"]"#).await?;
    app.press("\u{E007}").await?;
    app.wait_for_text(r#"[data-testid="version-of"]"#, "v2 of 2")
        .await?;
    app.wait_for_attr(r#"[data-testid="player-video"]"#, "data-ready", |v| {
        v == "true"
    })
    .await?;
    app.click(r#"[data-testid="comment-at"]"#).await?;
    app.find(r#"[data-testid="drawn-shape"]"#).await?;
    save(&app, &out_dir.join("review-drawing.png")).await?;
    app.click(r#"[data-testid="compare-button"]"#).await?;
    app.find(r#"[data-testid="compare-view"]"#).await?;
    save(&app, &out_dir.join("review-compare.png")).await?;
    app.click(r#"[data-testid="compare-close"]"#).await?;
    app.click(r#"[data-testid="review-back"]"#).await?;
    app.click(r#"[data-testid="open-activity"]"#).await?;
    app.find(r#"[data-testid="activity-list"]"#).await?;
    save(&app, &out_dir.join("activity.png")).await?;

    // Sound rolls dropped on Day 02, moving under the 6 MiB/s limit.
    app.open_tree_folder("Day 02").await?;
    let rolls = dir.path().join("rolls");
    std::fs::create_dir_all(&rolls).map_err(|e| e.to_string())?;
    let mut dropped = Vec::new();
    for take in 1..=6u8 {
        let path = rolls.join(format!("SR012_T{take:02}.wav"));
        let bytes: Vec<u8> = (0..24 * 1024 * 1024u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 ^ take)
            .collect();
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        dropped.push(path);
    }
    let dropped: Vec<&Path> = dropped.iter().map(PathBuf::as_path).collect();
    app.drop_files("[data-drop-current]", &dropped).await?;
    app.click(r#"[data-testid="open-transfers"]"#).await?;
    app.find(r#"[data-transfer-id][data-state="sending"]"#)
        .await?;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    save(&app, &out_dir.join("transfers.png")).await?;
    app.close().await;
    Ok(())
}

/// Clips with posters, comments and slate metadata in Day 01, people with roles, an OAuth app
/// and an API key. Returns the name and id of the clip to review.
async fn fill(library: &Library, project: Id, day: Id, dir: &Path) -> Result<(String, Id), String> {
    let sources = [
        "smptehdbars=duration=4:size=640x360:rate=25",
        "testsrc2=duration=3:size=640x360:rate=25",
        "mandelbrot=size=640x360:rate=25,trim=duration=3",
        "life=size=640x360:rate=25:mold=10:ratio=0.2,trim=duration=3",
        "testsrc=duration=3:size=640x360:rate=25",
        "rgbtestsrc=duration=3:size=640x360:rate=25",
    ];
    let mut names = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let name = format!("A001_C{:03}.mp4", i + 1);
        let path = clip(dir, &name, source)?;
        let file = library.upload(project, day, &path, &name).await?;
        let pairs = [
            ("scene".to_owned(), Some(format!("{}", 12 + i / 2))),
            ("take".to_owned(), Some(format!("{}", 1 + i % 2))),
            ("camera".to_owned(), Some("A".to_owned())),
        ];
        library
            .api
            .patch_file_metadata((project, day, file.id), &pairs.into_iter().collect())
            .await
            .map_err(|e| e.to_string())?;
        names.push((name, file.id));
    }
    let (first, first_id) = names.first().cloned().ok_or("no clips")?;
    for (frame, frame_out, body) in [
        (Some(12), None, "Flash frame here — check the other take"),
        (Some(40), Some(70), "Colour shifts over this range"),
        (None, None, "Sound is in a separate file in Sound/"),
    ] {
        let comment = NewComment {
            body: body.into(),
            frame,
            frame_out,
            drawing: None,
        };
        library
            .api
            .create_comment((project, day, first_id), &comment)
            .await
            .map_err(|e| e.to_string())?;
    }

    for (email, name, role) in [
        ("ada@example.org", "Ada Lovelace", Some(Role::Editor)),
        ("grace@example.org", "Grace Hopper", None),
    ] {
        let user = library
            .api
            .create_user(&NewUser {
                email: email.into(),
                name: Some(name.into()),
                ..NewUser::default()
            })
            .await
            .map_err(|e| e.to_string())?
            .user;
        let api = &library.api;
        match role {
            Some(role) => api
                .set_project_role(project, user.id, Some(role))
                .await
                .map(|_| ()),
            None => api
                .set_folder_role(project, day, user.id, Some(Role::Commenter))
                .await
                .map(|_| ()),
        }
        .map_err(|e| e.to_string())?;
    }
    library
        .api
        .create_oauth_app(&NewOAuthApp {
            name: "Ingest bot".into(),
            redirect_uris: vec![
                "https://ingest.example/oauth/callback".into(),
                "http://127.0.0.1/oauth/callback".into(),
            ],
            public: false,
        })
        .await
        .map_err(|e| e.to_string())?;
    library
        .api
        .create_api_key("Render farm")
        .await
        .map_err(|e| e.to_string())?;
    Ok((first, first_id))
}

/// A second version of clip `of` with a drawn comment and statuses on both versions.
async fn review_loop(
    library: &Library,
    project: Id,
    day: Id,
    of: Id,
    dir: &Path,
) -> Result<(), String> {
    let regrade = clip(
        dir,
        "A001_C001_grade2.mp4",
        "smptebars=duration=4:size=640x360:rate=25",
    )?;
    let v2 = library.upload_version(project, day, of, &regrade).await?;
    let shape = |tool, color: &str, points| Shape {
        tool,
        color: color.into(),
        width: 0.006,
        points,
    };
    let drawing = Drawing {
        shapes: vec![
            shape(DrawTool::Arrow, "#ff3b30", vec![[0.18, 0.22], [0.42, 0.45]]),
            shape(
                DrawTool::Ellipse,
                "#ffcc00",
                vec![[0.42, 0.4], [0.66, 0.68]],
            ),
        ],
    };
    let comment = NewComment {
        body: "Boom pole in the frame here — paint it out".into(),
        frame: Some(12),
        frame_out: None,
        drawing: Some(drawing),
    };
    let api = &library.api;
    api.create_comment((project, day, v2.id), &comment)
        .await
        .map_err(|e| e.to_string())?;
    api.set_status((project, day, of), ApprovalStatus::ChangesRequested)
        .await
        .map_err(|e| e.to_string())?;
    api.set_status((project, day, v2.id), ApprovalStatus::NeedsReview)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn save(app: &App, path: &std::path::Path) -> Result<(), String> {
    // Let transitions settle so the picture shows the resting state.
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let png = app.client.screenshot().await.map_err(|e| e.to_string())?;
    std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}
