//! The transfer engine against the real server: round trips, a proxy that cuts connections,
//! crashes of either side, short-lived tokens, a full disk, and the reference tus server.

mod batch;
mod control;
mod faults;
mod interop;
mod resume;
mod round_trip;
mod versions;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rushes_api::folders::NewFolder;
use rushes_api::projects::NewProject;
use rushes_api::transfers::{OnConflict, Transfer, TransferLimits, TransferState};
use rushes_api::Id;
use rushes_client::transfer::{DownloadRequest, Engine, OneConnection, Tuning, UploadRequest};
use rushes_client::ApiClient;

pub const CONNECTION: &str = "test";
const MIB: u64 = 1024 * 1024;

/// Small sizes, so every path (chunks, parts, ranges) runs on test-sized files.
pub fn small_tuning() -> Tuning {
    Tuning {
        chunk_size: 2 * MIB,
        min_chunk: 128 * 1024,
        part_threshold: 6 * MIB,
        parts: 3,
        parts_on_loopback: true,
        stream_threshold: 2 * MIB,
        download_streams: 3,
        sync_every: MIB,
    }
}

pub async fn engine(db: &Path, api: &ApiClient, limits: TransferLimits, tuning: Tuning) -> Engine {
    Engine::open(db, Arc::new(OneConnection(api.clone())), limits, tuning)
        .await
        .unwrap()
}

/// A server, its client, a project with a folder, and an engine on a fresh queue with small
/// tuning.
pub struct Setup {
    pub _server: crate::TestServer,
    pub api: ApiClient,
    pub p: Id,
    pub f: Id,
    pub dir: tempfile::TempDir,
    pub engine: Engine,
}

impl Setup {
    pub async fn new() -> Self {
        Self::limited(TransferLimits::default()).await
    }

    pub async fn limited(limits: TransferLimits) -> Self {
        let server = crate::TestServer::start().await;
        let api = server.client().await;
        let (p, f) = project(&api).await;
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir.path().join("queue.db"), &api, limits, small_tuning()).await;
        Self {
            _server: server,
            api,
            p,
            f,
            dir,
            engine,
        }
    }
}

/// A project with one folder to transfer into.
pub async fn project(api: &ApiClient) -> (Id, Id) {
    let p = api
        .create_project(&NewProject {
            name: "Rushes".into(),
            description: String::new(),
        })
        .await
        .unwrap();
    let f = api
        .create_folder(
            p.id,
            &NewFolder {
                name: "Day 1".into(),
                parent_id: None,
            },
        )
        .await
        .unwrap();
    (p.id, f.id)
}

/// A file of `len` pseudo-random bytes (seeded, so failures repeat).
pub fn random_file(dir: &Path, name: &str, len: u64, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut left = len;
    let mut buf = vec![0u8; 1 << 16];
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        rng.fill(&mut buf[..n]);
        std::io::Write::write_all(&mut f, &buf[..n]).unwrap();
        left -= n as u64;
    }
    std::io::Write::flush(&mut f).unwrap();
    path
}

pub fn upload(source: &Path, project: Id, folder: Id) -> UploadRequest {
    UploadRequest {
        connection: CONNECTION.into(),
        source: source.to_owned(),
        project_id: project,
        folder_id: folder,
        name: None,
        on_conflict: OnConflict::KeepBoth,
        batch: None,
        version_of: None,
    }
}

pub fn download(t: &Transfer, dest: &Path) -> DownloadRequest {
    DownloadRequest {
        connection: CONNECTION.into(),
        project_id: t.project_id,
        folder_id: t.folder_id,
        file_id: t.file_id.expect("an uploaded file"),
        name: t.name.clone(),
        dest_dir: dest.to_owned(),
        on_conflict: OnConflict::KeepBoth,
        batch: None,
    }
}

/// Waits (bounded) for a transfer to end and checks it ended as `want`.
pub async fn finish(engine: &Engine, id: &str, want: TransferState) -> Transfer {
    let t = tokio::time::timeout(Duration::from_secs(240), engine.wait(id))
        .await
        .expect("the transfer did not end in time")
        .unwrap();
    assert_eq!(t.state, want, "{t:?}");
    t
}

/// Uploads `source` into the folder through the engine and waits for it: the file's id.
pub async fn uploaded(engine: &Engine, source: &Path, project: Id, folder: Id) -> Id {
    let t = engine
        .enqueue_upload(upload(source, project, folder))
        .await
        .unwrap();
    finish(engine, &t.id, TransferState::Done)
        .await
        .file_id
        .expect("a finished upload names its file")
}

/// Waits until `cond` holds for the transfer (bounded), polling.
pub async fn until(engine: &Engine, id: &str, cond: impl Fn(&Transfer) -> bool) -> Transfer {
    for _ in 0..2400 {
        let t = engine.get(id).unwrap();
        if cond(&t) {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("condition not reached: {:?}", engine.get(id));
}

pub async fn sha256(path: &Path) -> String {
    rushes_client::transfer::sha256_file(path).await.unwrap()
}

/// A server in `dir` whose public address is `proxy`: every URL it hands out (upload URLs,
/// signed media URLs) leads through the proxy.
pub async fn start_behind(
    proxy: &crate::fault_proxy::FaultProxy,
    dir: &Path,
    access_ttl: Duration,
) -> rushes_server::ServerHandle {
    let mut config =
        rushes_server::ServerConfig::new(dir, std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
    config.access_token_ttl = access_ttl;
    config.public_url = Some(proxy.url());
    config.admin = rushes_server::AdminBootstrap::Given {
        email: crate::OWNER.into(),
        password: None,
        name: "Owner".into(),
    };
    let handle = rushes_server::start(config).await.unwrap();
    proxy.retarget(handle.addr());
    handle
}

/// A proxy (not yet pointing anywhere useful) and a server behind it, signed in as the owner.
pub async fn behind_proxy(
    dir: &Path,
    access_ttl: Duration,
) -> (
    crate::fault_proxy::FaultProxy,
    rushes_server::ServerHandle,
    ApiClient,
) {
    let proxy =
        crate::fault_proxy::FaultProxy::start(std::net::SocketAddr::from(([127, 0, 0, 1], 9)), 7)
            .await;
    let handle = start_behind(&proxy, &dir.join("server"), access_ttl).await;
    let key = handle.create_api_key(crate::OWNER, "test").await.unwrap();
    let api = crate::client_for(&handle, rushes_client::Secret::new(key.secret));
    (proxy, handle, api)
}
