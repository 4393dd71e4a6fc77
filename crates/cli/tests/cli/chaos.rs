//! The chaos test: a mixed tree (empty to large files, nested folders, non-ASCII names) is
//! uploaded and downloaded by the command line, and uploaded by the transfer engine as the app
//! runs it, while the client and the server are killed (`kill -9`) at random moments. After a
//! client kill the same command runs again (the app's engine is restarted and resumes its queue);
//! after a server kill the server is started again on the same data dir. At the end every file
//! must be there exactly once with its SHA-256, with nothing pending, staged or stray left.
//!
//! `short_chaos_run` runs in CI (a dozen kills, seeded); `scripts/chaos.sh` runs the long one
//! (`RUSHES_CHAOS_KILLS`, default 100) and prints the figures `docs/transfers.md` quotes.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rushes_api::files::FileState;
use rushes_api::transfers::{OnConflict, TransferLimits, TransferState};
use rushes_client::api::http_client;
use rushes_client::transfer::tree::{upload_tree, TreeOptions, TreeUpload};
use rushes_client::transfer::{Engine, OneConnection, Tuning};
use rushes_client::{ApiClient, Secret, TokenSource};

use super::harness::{
    compare_local, compare_remote, local_files, random_file, remote_files, server_leftovers,
    Arrival, Rig, OWNER,
};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// What a run did and found.
#[derive(Debug, Default)]
struct Figures {
    client_kills: u32,
    server_kills: u32,
    app_kills: u32,
    lost: usize,
    corrupt: usize,
    duplicates: usize,
    pending: usize,
    staged_leftovers: usize,
    stray_blobs: isize,
    /// Upload bytes sent beyond the tree's size, over all upload phases.
    resent_bytes: u64,
    /// Client kills during upload phases (the command line's and the app engine's).
    upload_kills: u32,
    problems: Vec<String>,
}

impl Figures {
    fn kills(&self) -> u32 {
        self.client_kills + self.server_kills + self.app_kills
    }

    fn add(&mut self, what: &str, arrival: Arrival) {
        self.lost += arrival.lost.len();
        self.corrupt += arrival.corrupt.len();
        self.duplicates += arrival.duplicates.len();
        self.pending += arrival.pending.len();
        if !arrival.is_exact() {
            self.problems.push(format!("{what}: {arrival:?}"));
        }
    }

    fn report(&self) -> String {
        let per_kill = self.resent_bytes / u64::from(self.upload_kills.max(1));
        format!(
            "kills: {} (client {}, server {}, app engine {}); lost {}, corrupt {}, duplicates {}, \
             pending {}, staged leftovers {}, stray blobs {}; re-sent {:.1} MiB in all, \
             {:.2} MiB per upload kill",
            self.kills(),
            self.client_kills,
            self.server_kills,
            self.app_kills,
            self.lost,
            self.corrupt,
            self.duplicates,
            self.pending,
            self.staged_leftovers,
            self.stray_blobs,
            self.resent_bytes as f64 / MIB as f64,
            per_kill as f64 / MIB as f64,
        )
    }
}

/// The tree: every size class, nested folders, names in several scripts.
fn make_tree(root: &Path, large: &[u64], rng: &mut StdRng) {
    let mut sizes = vec![0, 1, 1000, 64 * KIB, 300 * KIB, MIB, 3 * MIB, 5 * MIB];
    sizes.extend_from_slice(large);
    let folders = ["", "CLIP", "CLIP/Szene ü", "Ton/カメラ A", "Ton/Día 2/ñ"];
    for (i, size) in sizes.into_iter().enumerate() {
        let folder = folders[i % folders.len()];
        let name = match i % 3 {
            0 => format!("A{i:03}C001.mov"),
            1 => format!("Tonspur {i} – Ü.wav"),
            _ => format!("clip_{i}.MXF"),
        };
        random_file(&root.join(folder).join(name), size, rng.gen());
    }
}

/// Which process a kill loop drives: the command line or the app's engine. They are killed
/// and started again the same way; only the counts and the words differ.
#[derive(Clone, Copy)]
enum Driven {
    CommandLine,
    AppEngine,
}

/// Starts a process with `start` and runs it to success while killing it (or the server) at
/// random moments until the kill budget is spent; a killed process is started again. With
/// `ready`, nothing is killed before that file exists (the app's drop is queued in one go).
/// Returns how often the process itself was killed; upload bytes re-sent are measured by the
/// caller.
#[allow(clippy::too_many_arguments)]
async fn through_kills(
    rig: &mut Rig,
    driven: Driven,
    what: &str,
    mut start: impl FnMut(&Rig) -> Child,
    ready: Option<&Path>,
    rng: &mut StdRng,
    budget: &mut u32,
    figures: &mut Figures,
) -> u32 {
    let mut kills = 0;
    loop {
        let mut child = start(rig);
        if let Some(marker) = ready {
            while !marker.exists() {
                if let Some(status) = child.try_wait().unwrap() {
                    assert!(status.success(), "{what} failed before it was ready");
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        let wait = Duration::from_millis(rng.gen_range(80..1500));
        match wait_or_end(&mut child, wait).await {
            Some(status) if status.success() => return kills,
            Some(status) => {
                let out = child.wait_with_output().unwrap();
                panic!(
                    "{what} failed by itself ({status}): {}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            None if *budget == 0 => {
                let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
                    .await
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{what} ended with {}: {}",
                    out.status,
                    String::from_utf8_lossy(&out.stdout)
                );
                return kills;
            }
            None => {
                *budget -= 1;
                if rng.gen_bool(0.7) {
                    child.kill().unwrap();
                    child.wait().unwrap();
                    kills += 1;
                    match driven {
                        Driven::CommandLine => figures.client_kills += 1,
                        Driven::AppEngine => figures.app_kills += 1,
                    }
                } else {
                    server_kill(rig, rng, figures).await;
                    // The process goes on by itself once the server is back.
                    let out =
                        tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
                            .await
                            .unwrap();
                    if out.status.success() {
                        return kills;
                    }
                    let said = String::from_utf8_lossy(&out.stdout);
                    let last: Vec<&str> = said.lines().rev().take(8).collect();
                    panic!(
                        "{what} did not outlive a server restart: {}: {last:#?}",
                        out.status
                    );
                }
            }
        }
    }
}

/// Runs `rushes args` through kills (see [`through_kills`]).
async fn run_through_kills(
    rig: &mut Rig,
    args: &[&str],
    rng: &mut StdRng,
    budget: &mut u32,
    figures: &mut Figures,
) -> u32 {
    let start = |rig: &Rig| {
        rig.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let what = format!("rushes {args:?}");
    through_kills(
        rig,
        Driven::CommandLine,
        &what,
        start,
        None,
        rng,
        budget,
        figures,
    )
    .await
}

/// Kills the server and starts it again on the same data dir after a short while.
async fn server_kill(rig: &mut Rig, rng: &mut StdRng, figures: &mut Figures) {
    rig.server.kill();
    figures.server_kills += 1;
    tokio::time::sleep(Duration::from_millis(rng.gen_range(20..400))).await;
    rig.server.restart(None).await;
}

/// Waits up to `wait` for `child` to end.
async fn wait_or_end(child: &mut Child, wait: Duration) -> Option<std::process::ExitStatus> {
    let until = tokio::time::Instant::now() + wait;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if tokio::time::Instant::now() >= until {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// What the app-engine child process needs to know.
struct AppChild {
    queue: PathBuf,
    marker: PathBuf,
    key: String,
    tree: PathBuf,
    folder: i64,
}

/// The app's engine in a child process (this test binary, running [`app_engine_child`]): it
/// queues the tree once, like a drop, and on every later start resumes its queue, as the app
/// does. Killed at random once the drop is queued; started again until it ends cleanly.
async fn app_phase(
    rig: &mut Rig,
    app: &AppChild,
    rng: &mut StdRng,
    budget: &mut u32,
    figures: &mut Figures,
) -> u32 {
    let start = |rig: &Rig| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "chaos::app_engine_child",
                "--ignored",
                "--nocapture",
            ])
            .env("RUSHES_CHAOS_APP_QUEUE", &app.queue)
            .env("RUSHES_CHAOS_APP_MARKER", &app.marker)
            .env("RUSHES_CHAOS_APP_BASE", rig.proxy.url().as_str())
            .env("RUSHES_CHAOS_APP_KEY", &app.key)
            .env("RUSHES_CHAOS_APP_TREE", &app.tree)
            .env("RUSHES_CHAOS_APP_PROJECT", rig.project.to_string())
            .env("RUSHES_CHAOS_APP_FOLDER", app.folder.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let marker = Some(app.marker.as_path());
    through_kills(
        rig,
        Driven::AppEngine,
        "the app engine",
        start,
        marker,
        rng,
        budget,
        figures,
    )
    .await
}

/// One seeded run: cycles of upload, download and app upload of a fresh tree until `kills`
/// kills were made.
async fn chaos(kills: u32, seed: u64, large: &[u64]) -> Figures {
    let mut rig = Rig::new().await;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut figures = Figures::default();
    let mut budget = kills;
    let limit = "32M";
    let mut cycle = 0;
    while budget > 0 || cycle == 0 {
        cycle += 1;
        let tree = rig.dir.path().join(format!("cards/Karte {cycle} é"));
        make_tree(&tree, large, &mut rng);
        let tree_bytes: u64 = local_files(&tree)
            .values()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        let tree_arg = tree.to_string_lossy().into_owned();
        let tree_name = tree.file_name().unwrap().to_string_lossy().into_owned();

        // The command line uploads.
        let dest = format!("Feature/Chaos {cycle}");
        let before = rig.proxy.bytes_up();
        let upload = ["upload", &tree_arg, "--to", &dest, "--limit", limit];
        let killed =
            run_through_kills(&mut rig, &upload, &mut rng, &mut budget, &mut figures).await;
        figures.resent_bytes += (rig.proxy.bytes_up() - before).saturating_sub(tree_bytes);
        figures.upload_kills += killed;
        let chaos_folder = rig.folder(&format!("Chaos {cycle}")).await;
        let top = rig
            .api
            .list_folders(rig.project, Some(chaos_folder))
            .await
            .unwrap();
        assert_eq!(top.len(), 1, "one copy of the card's folder: {top:?}");
        let arrival = compare_remote(&rig.api, rig.project, top[0].id, &tree).await;
        figures.add(&format!("upload {cycle}"), arrival);

        // The command line downloads it back.
        let copy = rig.dir.path().join(format!("copies/{cycle}"));
        let copy_arg = copy.to_string_lossy().into_owned();
        let remote = format!("{dest}/{tree_name}");
        let download = ["download", &remote, "--to", &copy_arg, "--limit", limit];
        run_through_kills(&mut rig, &download, &mut rng, &mut budget, &mut figures).await;
        figures.add(
            &format!("download {cycle}"),
            compare_local(&tree, &copy.join(&tree_name)),
        );

        // The app's engine uploads it into another folder.
        let app_folder = rig
            .api
            .create_folder(
                rig.project,
                &rushes_api::folders::NewFolder {
                    name: format!("App {cycle}"),
                    parent_id: None,
                },
            )
            .await
            .unwrap()
            .id;
        let key = rushes_server::offline::create_api_key(&rig.server.data, OWNER, "app")
            .await
            .unwrap();
        let app = AppChild {
            queue: rig.dir.path().join(format!("app-{cycle}.db")),
            marker: rig.dir.path().join(format!("app-{cycle}.queued")),
            key: key.secret,
            tree: tree.clone(),
            folder: app_folder,
        };
        let before = rig.proxy.bytes_up();
        let killed = app_phase(&mut rig, &app, &mut rng, &mut budget, &mut figures).await;
        figures.resent_bytes += (rig.proxy.bytes_up() - before).saturating_sub(tree_bytes);
        figures.upload_kills += killed;
        let top = rig
            .api
            .list_folders(rig.project, Some(app_folder))
            .await
            .unwrap();
        assert_eq!(top.len(), 1, "one copy of the card's folder: {top:?}");
        let arrival = compare_remote(&rig.api, rig.project, top[0].id, &tree).await;
        figures.add(&format!("app upload {cycle}"), arrival);
        // Checked: the local tree and its downloaded copy are not needed again, and a long run
        // must not fill the disk with them (the server's copies stay for the final checks).
        std::fs::remove_dir_all(&tree).unwrap();
        std::fs::remove_dir_all(&copy).unwrap();
    }

    // The server: healthy, nothing staged, no bytes that no file owns.
    assert!(rig.server.healthy_now(), "the server is running");
    let mut ready = 0;
    for top in rig.api.list_folders(rig.project, None).await.unwrap() {
        ready += remote_files(&rig.api, rig.project, top.id)
            .await
            .iter()
            .filter(|(_, f)| f.state == FileState::Ready)
            .count();
    }
    let (staged, stray) = server_leftovers(&rig.server.data, ready);
    figures.staged_leftovers = staged;
    figures.stray_blobs = stray;
    figures
}

/// Large file sizes for the run, from `RUSHES_CHAOS_LARGE_MIB` ("300,120") or the default.
fn large_sizes(default: &[u64]) -> Vec<u64> {
    std::env::var("RUSHES_CHAOS_LARGE_MIB").map_or_else(
        |_| default.to_vec(),
        |v| {
            v.split(',')
                .filter_map(|s| s.trim().parse::<u64>().ok())
                .map(|m| m * MIB)
                .collect()
        },
    )
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn check(figures: &Figures) {
    println!("chaos: {}", figures.report());
    assert!(
        figures.problems.is_empty() && figures.staged_leftovers == 0 && figures.stray_blobs == 0,
        "{}\n{:#?}",
        figures.report(),
        figures.problems
    );
}

#[tokio::test]
async fn short_chaos_run() {
    let seed = env_number("RUSHES_CHAOS_SEED", 7);
    let figures = chaos(12, seed, &[20 * MIB]).await;
    assert!(figures.kills() >= 10, "{}", figures.report());
    check(&figures);
}

#[tokio::test]
#[ignore = "long: scripts/chaos.sh runs it"]
async fn long_chaos_run() {
    let kills = u32::try_from(env_number("RUSHES_CHAOS_KILLS", 100)).unwrap_or(100);
    let seed = env_number("RUSHES_CHAOS_SEED", 1);
    let figures = chaos(kills, seed, &large_sizes(&[300 * MIB, 120 * MIB, 40 * MIB])).await;
    check(&figures);
}

/// The app's transfer engine as a process of its own, for [`app_phase`]; does nothing when
/// not started by it.
#[tokio::test]
#[ignore = "started by the chaos test as the app's engine"]
async fn app_engine_child() {
    let Ok(queue) = std::env::var("RUSHES_CHAOS_APP_QUEUE") else {
        return;
    };
    let var = |name: &str| std::env::var(name).unwrap();
    let base: url::Url = var("RUSHES_CHAOS_APP_BASE").parse().unwrap();
    let http = http_client().unwrap();
    let tokens = TokenSource::from_api_key(
        http.clone(),
        base.clone(),
        Secret::new(var("RUSHES_CHAOS_APP_KEY")),
    );
    let api = ApiClient::new(http, base, Arc::new(tokens));
    // As the app opens its queue at start: what was moving is queued again and resumes.
    let engine = Engine::open(
        Path::new(&queue),
        Arc::new(OneConnection(api.clone())),
        TransferLimits {
            concurrency: 4,
            bandwidth: Some(32 * MIB),
        },
        Tuning::default(),
    )
    .await
    .unwrap();
    let marker = PathBuf::from(var("RUSHES_CHAOS_APP_MARKER"));
    if !marker.exists() {
        upload_tree(
            &engine,
            &api,
            TreeUpload {
                connection: "chaos".into(),
                local: var("RUSHES_CHAOS_APP_TREE").into(),
                project: var("RUSHES_CHAOS_APP_PROJECT").parse().unwrap(),
                parent: var("RUSHES_CHAOS_APP_FOLDER").parse().unwrap(),
                options: TreeOptions::default(),
                on_conflict: OnConflict::KeepBoth,
                batch: None,
                again: false,
            },
        )
        .await
        .unwrap();
        std::fs::write(&marker, b"queued").unwrap();
    }
    loop {
        let all = engine.list();
        if all.iter().all(|t| t.state.is_final()) {
            let not_done: Vec<_> = all
                .iter()
                .filter(|t| t.state != TransferState::Done)
                .collect();
            assert!(not_done.is_empty(), "{not_done:?}");
            engine.shutdown().await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
