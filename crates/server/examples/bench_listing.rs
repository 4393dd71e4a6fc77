//! Benchmark (not a test): one page of a folder holding 100,000 files.
//!
//! Starts the real server on loopback with a fresh data dir, fills one folder with file records
//! straight through SQL (creating them over HTTP would measure creation, not listing), then
//! times list requests over a kept-alive connection and prints median and 95th percentile.
//! Run with `bench/listing.sh` (release build).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rushes_server::{AdminBootstrap, ServerConfig};
use serde_json::{json, Value};

const FILES: i64 = 100_000;
const ROUNDS: usize = 200;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(FILES);
    let dir = tempfile::tempdir()?;
    let mut config = ServerConfig::new(dir.path(), SocketAddr::from(([127, 0, 0, 1], 0)));
    config.admin = AdminBootstrap::Given {
        email: "bench@rushes.invalid".into(),
        password: None,
        name: "Bench".into(),
    };
    let server = rushes_server::start(config).await?;
    let base = server.base_url();
    let key = server
        .create_api_key("bench@rushes.invalid", "bench")
        .await?;
    let http = reqwest::Client::new();
    let tokens: Value = http
        .post(base.join("auth/api-key")?)
        .json(&json!({ "apiKey": key.secret }))
        .send()
        .await?
        .json()
        .await?;
    let token = tokens["access_token"]
        .as_str()
        .ok_or("no token")?
        .to_owned();
    let post = |path: &str, body: Value| {
        http.post(base.join(path).unwrap_or_else(|_| base.clone()))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let project: Value = post("api/projects", json!({"name": "Bench"}))
        .await?
        .json()
        .await?;
    let pid = project["data"]["id"].as_i64().ok_or("no project")?;
    let folder: Value = post(
        &format!("api/projects/{pid}/folders"),
        json!({"name": "Card"}),
    )
    .await?
    .json()
    .await?;
    let fid = folder["data"]["id"].as_i64().ok_or("no folder")?;

    let started = Instant::now();
    fill(dir.path(), pid, fid, files).await?;
    println!(
        "filled {files} files in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let cases = [
        ("page 1 by name", "per_page=50"),
        ("page 1000 by name", "per_page=50&page=1000"),
        (
            "page 1 by size, descending",
            "per_page=50&sort=size&order=desc",
        ),
        ("page 1 by date", "per_page=50&sort=created_at"),
        ("page 1 of name filter", "per_page=50&name=c0042"),
        ("500 per page", "per_page=500"),
    ];
    println!("| request | median ms | p95 ms |");
    println!("|---|---|---|");
    for (label, query) in cases {
        let url = base.join(&format!("api/projects/{pid}/folders/{fid}/files?{query}"))?;
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let t = Instant::now();
            let res = http.get(url.clone()).bearer_auth(&token).send().await?;
            let status = res.status();
            let _ = res.bytes().await?;
            times.push(t.elapsed());
            if !status.is_success() {
                return Err(format!("{label}: {status}").into());
            }
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {label} | {:.2} | {:.2} |",
            ms(times[ROUNDS / 2]),
            ms(times[ROUNDS * 95 / 100])
        );
    }
    server.shutdown().await;
    Ok(())
}

/// Inserts `n` ready file records into folder `fid` in one transaction.
async fn fill(
    data_dir: &std::path::Path,
    pid: i64,
    fid: i64,
    n: i64,
) -> Result<(), Box<dyn std::error::Error>> {
    let url = format!("sqlite://{}", data_dir.join("rushes.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await?;
    let mut tx = pool.begin().await?;
    for i in 0..n {
        sqlx::query(
            "INSERT INTO files (project_id, folder_id, name, content_type, state, size, sha256, \
             created_at, updated_at) VALUES ($1, $2, $3, 'video/quicktime', 'ready', $4, $5, $6, $6)",
        )
        .bind(pid)
        .bind(fid)
        .bind(format!("A{:03}C{i:06}.mov", i % 977))
        .bind((i * 7919) % 1_000_003)
        .bind(format!("{i:064x}"))
        .bind(1_700_000_000_000 + i)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    pool.close().await;
    Ok(())
}
