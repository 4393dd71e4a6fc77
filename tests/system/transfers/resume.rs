//! Crashes on either side, a changed source and short-lived tokens: uploads go on from what
//! the server holds and never send committed bytes again.

use std::process::{Child, Command, Stdio};

use rushes_api::transfers::{TransferLimits, TransferState};
use rushes_client::api::http_client;
use rushes_client::transfer::tus::TusEndpoint;
use rushes_client::{Secret, TokenSource};

use super::*;
use crate::fault_proxy::FaultProxy;

/// `rushes-server` as a process, so it can be killed like a crash.
fn spawn_server(data_dir: &Path, public: &url::Url) -> (Child, std::net::SocketAddr) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_rushes-desktop")).with_file_name("rushes-server");
    assert!(
        bin.exists(),
        "{} is missing: build the workspace",
        bin.display()
    );
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    let child = Command::new(bin)
        .args(["serve", "--data-dir"])
        .arg(data_dir)
        .args(["--bind", &addr.to_string(), "--public-url", public.as_str()])
        .env("RUSHES_ADMIN_EMAIL", crate::OWNER)
        .env("RUSHES_ADMIN_PASSWORD", "a long enough password")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (child, addr)
}

async fn wait_healthy(addr: std::net::SocketAddr) {
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("http://{addr}/healthz")).await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server at {addr} did not start");
}

fn client_at(base: &url::Url, key: &str) -> ApiClient {
    let http = http_client().unwrap();
    let tokens = TokenSource::from_api_key(http.clone(), base.clone(), Secret::new(key.to_owned()));
    ApiClient::new(http, base.clone(), Arc::new(tokens))
}

#[tokio::test]
async fn an_upload_goes_on_after_the_server_is_killed_and_restarted() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("server");
    let proxy = FaultProxy::start(std::net::SocketAddr::from(([127, 0, 0, 1], 9)), 1).await;
    let (mut child, addr) = spawn_server(&data, &proxy.url());
    proxy.retarget(addr);
    wait_healthy(addr).await;
    let key = rushes_server::offline::create_api_key(&data, crate::OWNER, "test")
        .await
        .unwrap();
    let api = client_at(&proxy.url(), &key.secret);
    let (p, f) = project(&api).await;
    let size = 24 * MIB;
    let source = random_file(dir.path(), "A001.mov", size, 41);
    let engine = engine(
        &dir.path().join("queue.db"),
        &api,
        TransferLimits {
            concurrency: 1,
            bandwidth: Some(8 * MIB),
        },
        small_tuning(),
    )
    .await;
    let t = engine.enqueue_upload(upload(&source, p, f)).await.unwrap();
    until(&engine, &t.id, |t| t.done >= 6 * MIB).await;

    child.kill().unwrap();
    child.wait().unwrap();
    proxy.sever_all();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (mut child, addr) = spawn_server(&data, &proxy.url());
    proxy.retarget(addr);
    wait_healthy(addr).await;

    let t = finish(&engine, &t.id, TransferState::Done).await;
    let remote = api.file((p, f, t.file_id.unwrap())).await.unwrap();
    assert_eq!(remote.sha256.unwrap(), sha256(&source).await);
    // At most the chunks in flight at the kill (one per part) went twice.
    let extra = proxy.bytes_up().saturating_sub(size);
    assert!(
        extra <= 3 * 2 * MIB + 256 * 1024,
        "{extra} bytes sent beyond the file"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn a_crashed_engine_resumes_from_the_queue_without_resending_committed_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (proxy, _server, api) = behind_proxy(dir.path(), Duration::from_secs(3600)).await;
    let (p, f) = project(&api).await;
    let size = 24 * MIB;
    let source = random_file(dir.path(), "B001.mov", size, 42);
    let db = dir.path().join("queue.db");
    let key = _server.create_api_key(crate::OWNER, "crash").await.unwrap();
    let base = proxy.url();

    // The first engine runs on its own runtime, which is torn down mid-upload: every task
    // stops at its next await, nothing is flushed or said goodbye to, as in a crash.
    let (id, db2, source2, base2, secret) = (
        String::new(),
        db.clone(),
        source.clone(),
        base.clone(),
        key.secret.clone(),
    );
    let id = tokio::task::spawn_blocking(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let id = rt.block_on(async move {
            let api = client_at(&base2, &secret);
            let engine = engine(
                &db2,
                &api,
                TransferLimits {
                    concurrency: 1,
                    bandwidth: Some(8 * MIB),
                },
                small_tuning(),
            )
            .await;
            let t = engine.enqueue_upload(upload(&source2, p, f)).await.unwrap();
            until(&engine, &t.id, |t| t.done >= 8 * MIB).await;
            let _ = id;
            t.id
        });
        rt.shutdown_background();
        id
    })
    .await
    .unwrap();
    proxy.sever_all();

    // What the server holds now is what the new engine must not send again.
    let tus = TusEndpoint::rushes(api.clone()).unwrap();
    let store = rushes_client::transfer::store::Store::open(&db)
        .await
        .unwrap();
    let mut held = 0;
    for part in store.parts(&id).await.unwrap() {
        if let Some(path) = part.upload_path {
            held += tus.status(&path).await.unwrap().offset;
        }
    }
    assert!(
        held >= 6 * MIB,
        "the server should hold what was confirmed ({held})"
    );
    let before = proxy.bytes_up();

    let engine = engine(&db, &api, TransferLimits::default(), small_tuning()).await;
    let t = finish(&engine, &id, TransferState::Done).await;
    let sent = proxy.bytes_up() - before;
    let remote = api.file((p, f, t.file_id.unwrap())).await.unwrap();
    assert_eq!(remote.sha256.unwrap(), sha256(&source).await);
    assert!(
        sent >= size - held && sent <= size - held + 128 * 1024,
        "sent {sent} bytes after the crash for {} missing",
        size - held
    );
}

#[tokio::test]
async fn a_source_changed_between_runs_is_sent_again_from_the_start() {
    let server = crate::TestServer::start().await;
    let api = server.client().await;
    let (p, f) = project(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let source = random_file(dir.path(), "C001.mov", 8 * MIB, 51);
    let engine = engine(
        &dir.path().join("queue.db"),
        &api,
        TransferLimits {
            concurrency: 1,
            bandwidth: Some(4 * MIB),
        },
        small_tuning(),
    )
    .await;
    let t = engine.enqueue_upload(upload(&source, p, f)).await.unwrap();
    until(&engine, &t.id, |t| t.done >= 2 * MIB).await;
    engine.pause(&t.id).await.unwrap();
    until(&engine, &t.id, |t| t.state == TransferState::Paused).await;

    // The camera card was re-copied: same name and size, other bytes.
    tokio::time::sleep(Duration::from_millis(20)).await;
    random_file(dir.path(), "C001.mov", 8 * MIB, 52);
    engine.set_limits(TransferLimits::default());
    engine.resume(&t.id).await.unwrap();
    let t = finish(&engine, &t.id, TransferState::Done).await;
    let remote = api.file((p, f, t.file_id.unwrap())).await.unwrap();
    assert_eq!(remote.sha256.unwrap(), sha256(&source).await);
}

#[tokio::test]
async fn two_second_tokens_during_a_200_mib_upload_renew_once_per_expiry() {
    let server = crate::TestServer::start_with_ttl(Duration::from_secs(2)).await;
    let api = server.client().await;
    let (p, f) = project(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let size = 200 * MIB;
    let source = random_file(dir.path(), "D001.mov", size, 61);
    let engine = engine(
        &dir.path().join("queue.db"),
        &api,
        TransferLimits {
            concurrency: 1,
            bandwidth: Some(32 * MIB),
        },
        rushes_client::transfer::Tuning {
            chunk_size: 8 * MIB,
            part_threshold: 64 * MIB,
            parts_on_loopback: true,
            ..rushes_client::transfer::Tuning::default()
        },
    )
    .await;
    let renewals_before = api.tokens().renewals();
    let started = std::time::Instant::now();
    let t = engine.enqueue_upload(upload(&source, p, f)).await.unwrap();
    let t = finish(&engine, &t.id, TransferState::Done).await;
    let elapsed = started.elapsed().as_secs_f64();
    let renewals = api.tokens().renewals() - renewals_before;
    // Tokens are renewed shortly before they expire (at 90% of their life), by one request
    // however many parts are sending.
    let expiries = (elapsed / 1.8).ceil() as u64;
    assert!(
        elapsed > 4.0,
        "the upload should outlive a token ({elapsed:.1} s)"
    );
    assert!(
        renewals >= 2 && renewals <= expiries + 1,
        "{renewals} renewals in {elapsed:.1} s"
    );
    let remote = api.file((p, f, t.file_id.unwrap())).await.unwrap();
    assert_eq!(remote.sha256.unwrap(), sha256(&source).await);
}
