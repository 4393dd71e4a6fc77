//! What the command line's crash tests share: `rushes-server` as a process that can be killed
//! and started again on the same port and data dir, the `rushes` binary signed in to it (through
//! a proxy that counts the bytes sent), and the checks that a folder arrived exactly once.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rushes_api::files::{File, FileState};
use rushes_api::page::ListQuery;
use rushes_api::projects::NewProject;
use rushes_api::Id;
use rushes_client::api::http_client;
use rushes_client::{ApiClient, Secret, TokenSource};
use sha2::{Digest, Sha256};

use super::fault_proxy::FaultProxy;

pub const OWNER: &str = "dit@rushes.invalid";

/// A binary built beside `rushes` (the workspace builds them all into one folder).
pub fn sibling_bin(name: &str) -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_rushes")).with_file_name(name);
    assert!(
        bin.exists(),
        "{} is missing: build the workspace",
        bin.display()
    );
    bin
}

/// `rushes-server` as a process: killed like a crash, started again on the same address.
pub struct ServerProcess {
    child: Option<Child>,
    pub data: PathBuf,
    pub addr: SocketAddr,
}

impl ServerProcess {
    pub async fn start(data: &Path) -> Self {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap();
        let mut server = Self {
            child: None,
            data: data.to_owned(),
            addr,
        };
        server.restart(None).await;
        server
    }

    /// Starts it again (after [`Self::kill`]), stopping dead at crash point `at` if given.
    pub async fn restart(&mut self, at: Option<&str>) {
        let mut command = Command::new(sibling_bin("rushes-server"));
        command
            .args(["serve", "--data-dir"])
            .arg(&self.data)
            .args(["--bind", &self.addr.to_string()])
            .env("RUSHES_ADMIN_EMAIL", OWNER)
            .env_remove("RUSHES_CRASH_AT")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(at) = at {
            command.env("RUSHES_CRASH_AT", at);
        }
        self.child = Some(command.spawn().unwrap());
        self.wait_healthy().await;
    }

    async fn wait_healthy(&self) {
        let url = format!("http://{}/healthz", self.addr);
        for _ in 0..400 {
            if let Ok(r) = reqwest::get(&url).await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server at {} did not start", self.addr);
    }

    /// `kill -9`.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn healthy_now(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A server process, a counting proxy in front of it, an API client for checks, a project,
/// and the command line signed in through the proxy.
pub struct Rig {
    pub dir: tempfile::TempDir,
    pub server: ServerProcess,
    pub proxy: FaultProxy,
    pub api: ApiClient,
    pub project: Id,
    pub home: PathBuf,
}

impl Rig {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let server = ServerProcess::start(&dir.path().join("server")).await;
        let proxy = FaultProxy::start(server.addr, 1).await;
        let key = rushes_server::offline::create_api_key(&server.data, OWNER, "tests")
            .await
            .unwrap();
        let http = http_client().unwrap();
        let base: url::Url = format!("http://{}/", server.addr).parse().unwrap();
        let tokens =
            TokenSource::from_api_key(http.clone(), base.clone(), Secret::new(key.secret.clone()));
        let api = ApiClient::new(http, base, Arc::new(tokens));
        let project = api
            .create_project(&NewProject {
                name: "Feature".into(),
                description: String::new(),
            })
            .await
            .unwrap()
            .id;
        let home = dir.path().join("home");
        let rig = Self {
            dir,
            server,
            proxy,
            api,
            project,
            home,
        };
        let login = rig
            .run(&["login", rig.proxy.url().as_str(), "--api-key", &key.secret])
            .await;
        assert!(login.status.success(), "{login:?}");
        rig
    }

    /// The `rushes` command with this rig's home, ready to spawn.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rushes"));
        command
            .args(args)
            .env("RUSHES_CLI_HOME", &self.home)
            .env_remove("RUSHES_SERVER")
            .env_remove("RUSHES_CRASH_AT")
            .stdin(Stdio::null());
        command
    }

    /// Runs `rushes` to its end.
    pub async fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command(args);
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    }

    /// The folder `name` at the top of the project.
    pub async fn folder(&self, name: &str) -> Id {
        self.api
            .list_folders(self.project, None)
            .await
            .unwrap()
            .into_iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no folder {name}"))
            .id
    }

    /// The queue of the command line, where `transfers` rows say what each run left.
    pub fn queue(&self) -> PathBuf {
        // The command line's data folder when RUSHES_CLI_HOME is set.
        self.home.join("data").join("queue.db")
    }
}

/// Makes `path` with `size` random bytes from `seed`.
pub fn random_file(path: &Path, size: u64, seed: u64) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut left = size;
    let mut buf = vec![0u8; 1 << 20];
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        rng.fill(&mut buf[..n]);
        std::io::Write::write_all(&mut out, &buf[..n]).unwrap();
        left -= n as u64;
    }
    std::io::Write::flush(&mut out).unwrap();
}

pub fn sha256_of(path: &Path) -> String {
    let mut file = std::fs::File::open(path).unwrap();
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).unwrap();
    hex::encode(hasher.finalize())
}

/// Every file below `root`, by path relative to it ("/"-separated).
pub fn local_files(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(rel, path);
            }
        }
    }
    found
}

/// Every file below remote folder `folder`, by path relative to it; a path met twice is listed
/// twice (it cannot be, but that is what is checked).
pub async fn remote_files(api: &ApiClient, project: Id, folder: Id) -> Vec<(String, File)> {
    let mut found = Vec::new();
    let mut pending = vec![(folder, String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        for f in api
            .list_files(project, folder, &ListQuery::default())
            .await
            .unwrap()
        {
            found.push((format!("{prefix}{}", f.name), f));
        }
        for sub in api.list_folders(project, Some(folder)).await.unwrap() {
            pending.push((sub.id, format!("{prefix}{}/", sub.name)));
        }
    }
    found
}

/// How a tree arrived, file by file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// Local files with no remote (or downloaded) copy.
    pub lost: Vec<String>,
    /// Copies whose SHA-256 differs.
    pub corrupt: Vec<String>,
    /// Copies that should not be there: a second one, "name (2)", anything not asked for.
    pub duplicates: Vec<String>,
    /// Remote records still waiting for their bytes.
    pub pending: Vec<String>,
}

impl Arrival {
    pub fn is_exact(&self) -> bool {
        *self == Self::default()
    }
}

/// Compares the local tree `root` with remote folder `folder`.
pub async fn compare_remote(api: &ApiClient, project: Id, folder: Id, root: &Path) -> Arrival {
    let local = local_files(root);
    let mut arrival = Arrival::default();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (rel, file) in remote_files(api, project, folder).await {
        if file.state == FileState::Pending {
            arrival.pending.push(rel.clone());
        }
        let count = seen.entry(rel.clone()).or_default();
        *count += 1;
        match local.get(&rel) {
            Some(path) if *count == 1 => {
                if file.sha256.as_deref() != Some(sha256_of(path).as_str()) {
                    arrival.corrupt.push(rel);
                }
            }
            _ => arrival.duplicates.push(rel),
        }
    }
    arrival.lost = local
        .keys()
        .filter(|k| !seen.contains_key(*k))
        .cloned()
        .collect();
    arrival
}

/// Compares the local tree `root` with a downloaded copy at `copy`.
pub fn compare_local(root: &Path, copy: &Path) -> Arrival {
    let local = local_files(root);
    let got = local_files(copy);
    let mut arrival = Arrival::default();
    for (rel, path) in &got {
        match local.get(rel) {
            Some(orig) if sha256_of(orig) == sha256_of(path) => {}
            Some(_) => arrival.corrupt.push(rel.clone()),
            // A leftover `.part`, a "(2)" copy: anything not in the source.
            None => arrival.duplicates.push(rel.clone()),
        }
    }
    arrival.lost = local
        .keys()
        .filter(|k| !got.contains_key(*k))
        .cloned()
        .collect();
    arrival
}

/// Files left in the server's staging folder, and stored blobs no ready file accounts for.
pub fn server_leftovers(data: &Path, ready_files: usize) -> (usize, isize) {
    let staged = std::fs::read_dir(data.join("staging"))
        .map(|d| d.flatten().count())
        .unwrap_or(0);
    let blobs = local_files(&data.join("media")).len();
    (staged, blobs as isize - ready_files as isize)
}
