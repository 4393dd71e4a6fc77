//! `rushes upload` and `rushes download`: queue, run with progress, and exit non-zero when
//! anything failed. Running the same command again resumes what an interrupted run left.

use std::path::{Path, PathBuf};

use rushes_api::page::ListQuery;
use std::time::Duration;

use rushes_api::transfers::{OnConflict, Transfer, TransferLimits, TransferState};
use rushes_api::Id;
use rushes_client::connections::Live;
use rushes_client::transfer::local_name;
use rushes_client::transfer::rerun;
use rushes_client::transfer::retry::{is_retryable, Backoff};
use rushes_client::transfer::store::Store;
use rushes_client::transfer::tree::{upload_tree, TreeOptions, TreeUpload};
use rushes_client::transfer::{DownloadRequest, Engine, Tuning, UploadRequest};
use rushes_client::{ApiClient, ClientError};

use crate::args;
use crate::output::{Output, Progress};
use crate::remote::{self, Target};
use crate::session::{one, Session};

/// The queue and the engine of one command.
async fn open_engine(
    session: &Session,
    live: &Live,
    args: &args::Transfer,
) -> Result<Engine, ClientError> {
    let db = match &args.queue {
        Some(p) => p.clone(),
        None => session.dirs.data.join("queue.db"),
    };
    // Left over from earlier runs: waits until a command asks for it again.
    Store::open(&db).await?.pause_unfinished().await?;
    Engine::open(
        &db,
        one(live),
        TransferLimits {
            concurrency: args.concurrency.max(1),
            bandwidth: args.limit,
        },
        Tuning::default(),
    )
    .await
}

/// Runs `step` until it succeeds, waiting and trying again while the server cannot be reached
/// (a server restarting, a laptop between networks), for at most `wait`. Ctrl-C gives up.
/// Every step given here is safe to repeat: queuing picks up what a try before queued.
async fn patiently<T, F, Fut>(out: &Output, wait: Duration, mut step: F) -> Result<T, ClientError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ClientError>>,
{
    let until = tokio::time::Instant::now() + wait;
    let mut backoff = Backoff::default();
    loop {
        let e = match step().await {
            Ok(value) => return Ok(value),
            Err(e) if is_retryable(&e) => e,
            Err(e) => return Err(e),
        };
        // Past the backoff's attempts, keep trying at the longest step until `wait` is up.
        let delay = backoff
            .next_delay()
            .unwrap_or(MAX_WAIT_STEP)
            .min(MAX_WAIT_STEP);
        if tokio::time::Instant::now() + delay > until {
            return Err(e);
        }
        out.line(
            &format!("{e}; trying again in {} s (Ctrl-C to give up)", delay.as_secs().max(1)),
            &serde_json::json!({ "waiting": { "error": e.to_string(), "retry_in_ms": delay.as_millis() } }),
        );
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = tokio::signal::ctrl_c() => {
                return Err(ClientError::Interrupted("gave up waiting for the server".into()));
            }
        }
    }
}

/// The longest single wait between tries while the server is away.
const MAX_WAIT_STEP: Duration = Duration::from_secs(15);

pub async fn upload(
    session: &Session,
    server: Option<&str>,
    args: args::Transfer,
    out: &Output,
) -> Result<bool, ClientError> {
    let (connection, live) = session.pick(server).await?;
    let engine = open_engine(session, &live, &args).await?;
    let wait = Duration::from_secs(args.wait);
    let ids = patiently(out, wait, || {
        queue_uploads(&engine, &connection.id, &live.api, &args)
    })
    .await?;
    run(&engine, &ids, out).await
}

/// Queues every path of an upload command, picking up what an earlier run of it left.
async fn queue_uploads(
    engine: &Engine,
    connection: &str,
    api: &ApiClient,
    args: &args::Transfer,
) -> Result<Vec<String>, ClientError> {
    let (project, folder) = remote::ensure_folder(api, &args.to).await?;
    let on_conflict: OnConflict = args.on_conflict.into();
    let options = TreeOptions {
        skip_hidden: !args.hidden,
        follow_symlinks: false,
    };
    let mut ids = Vec::new();
    for p in &args.paths {
        let path = std::path::absolute(PathBuf::from(p)).map_err(|source| ClientError::Io {
            context: format!("reading {p}"),
            source,
        })?;
        let meta = tokio::fs::metadata(&path)
            .await
            .map_err(|source| ClientError::Io {
                context: format!("reading {p}"),
                source,
            })?;
        if meta.is_dir() {
            let queued = upload_tree(
                engine,
                api,
                TreeUpload {
                    connection: connection.to_owned(),
                    local: path,
                    project,
                    parent: folder,
                    options,
                    on_conflict,
                    batch: None,
                    again: true,
                },
            )
            .await?;
            ids.extend(queued.transfers.into_iter().map(|t| t.id));
        } else {
            let request = UploadRequest {
                connection: connection.to_owned(),
                source: path,
                project_id: project,
                folder_id: folder,
                name: None,
                on_conflict,
                batch: None,
                version_of: None,
            };
            ids.push(rerun::upload_again(engine, api, request).await?.id);
        }
    }
    ids.dedup();
    Ok(ids)
}

pub async fn download(
    session: &Session,
    server: Option<&str>,
    args: args::Transfer,
    out: &Output,
) -> Result<bool, ClientError> {
    let (connection, live) = session.pick(server).await?;
    let dest = std::path::absolute(PathBuf::from(&args.to)).map_err(|source| ClientError::Io {
        context: format!("reading {}", args.to),
        source,
    })?;
    let engine = open_engine(session, &live, &args).await?;
    let wait = Duration::from_secs(args.wait);
    let ids = patiently(out, wait, || {
        queue_downloads(&engine, &connection.id, &live.api, &args, &dest)
    })
    .await?;
    run(&engine, &ids, out).await
}

/// Queues every path of a download command, resuming what an earlier run of it left.
async fn queue_downloads(
    engine: &Engine,
    connection: &str,
    api: &ApiClient,
    args: &args::Transfer,
    dest: &Path,
) -> Result<Vec<String>, ClientError> {
    let on_conflict: OnConflict = args.on_conflict.into();
    let mut wanted: Vec<(Id, Id, Id, String, PathBuf)> = Vec::new();
    for p in &args.paths {
        match remote::resolve(api, p).await? {
            Target::File(project, f) => {
                wanted.push((project, f.folder_id, f.id, f.name, dest.to_owned()));
            }
            Target::Folder(project, f) => {
                let local = local_name(&f.name);
                collect(api, project, f.id, &dest.join(local.as_ref()), &mut wanted).await?;
            }
            Target::Project(_) => {
                return Err(ClientError::Invalid(format!(
                    "“{p}” is a whole project; name a folder or a file in it"
                )))
            }
        }
    }
    let mut ids = Vec::new();
    for (project, folder, file, name, dir) in wanted {
        let request = DownloadRequest {
            connection: connection.to_owned(),
            project_id: project,
            folder_id: folder,
            file_id: file,
            name,
            dest_dir: dir,
            on_conflict,
            batch: None,
        };
        ids.push(rerun::download_again(engine, request).await?.id);
    }
    ids.dedup();
    Ok(ids)
}

/// Every file below `folder`, to land under `dir`.
async fn collect(
    api: &ApiClient,
    project: Id,
    folder: Id,
    dir: &Path,
    into: &mut Vec<(Id, Id, Id, String, PathBuf)>,
) -> Result<(), ClientError> {
    let mut pending = vec![(folder, dir.to_owned())];
    while let Some((folder, dir)) = pending.pop() {
        for f in api
            .list_files(project, folder, &ListQuery::default())
            .await?
        {
            into.push((project, folder, f.id, f.name, dir.clone()));
        }
        for sub in api.list_folders(project, Some(folder)).await? {
            // A folder name is a path component too: `..\x` must not climb out of `dir`.
            pending.push((sub.id, dir.join(local_name(&sub.name).as_ref())));
        }
    }
    Ok(())
}

/// Shows progress until every transfer in `ids` ended; true when none failed.
async fn run(engine: &Engine, ids: &[String], out: &Output) -> Result<bool, ClientError> {
    let mut events = engine.subscribe();
    let mine = |id: &str| ids.iter().any(|x| x == id);
    let current: Vec<Transfer> = engine.list().into_iter().filter(|t| mine(&t.id)).collect();
    let mut progress = Progress::new(out, &current);
    loop {
        let all: Vec<Transfer> = ids.iter().filter_map(|id| engine.get(id)).collect();
        // Paused counts as ended here: only a lost sign-in pauses a command's transfers.
        if all.iter().all(|t| t.state.is_final()) {
            progress.finish(&all);
            engine.shutdown().await;
            return Ok(all
                .iter()
                .all(|t| matches!(t.state, TransferState::Done | TransferState::Skipped)));
        }
        tokio::select! {
            e = events.recv() => match e {
                Ok(event) => {
                    let id = match &event {
                        rushes_api::transfers::TransferEvent::Changed { transfer } => transfer.id.clone(),
                        rushes_api::transfers::TransferEvent::Progress { progress } => progress.id.clone(),
                        _ => String::new(),
                    };
                    if mine(&id) {
                        progress.event(&event);
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                    return Err(ClientError::Queue("the transfer engine stopped".into()))
                }
            },
            _ = tokio::signal::ctrl_c() => {
                // Stop cleanly: the queue keeps everything for the next run.
                engine.shutdown().await;
                return Err(ClientError::Interrupted(
                    "stopped; run the same command again to go on".into(),
                ));
            }
        }
    }
}
