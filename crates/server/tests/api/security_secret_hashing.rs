//! Finding 2: unauthenticated requests must not make the server run argon2id (19 MiB each).
//! API keys and client secrets are 256-bit random strings: they are checked with SHA-256, and
//! argon2 is kept for passwords. Keys and secrets stored as argon2 by older servers still work
//! and are rehashed on their first successful use.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestServer;
use crate::oauth_support::register_app;

/// Bogus requests of each kind in the flood.
const EACH: usize = 32;
const MIB: u64 = 1024 * 1024;

/// A field of /proc/self/status in bytes (the server runs inside this test process).
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(field))
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"));
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib * 1024
}

/// A well-formed key whose prefix matches no stored key.
fn bogus_key(i: usize) -> String {
    let body = format!("{i:0>43}");
    format!("rk_{}", &body[body.len() - 43..])
}

async fn bogus_key_exchange(server: &TestServer, i: usize) -> tokio::task::JoinHandle<StatusCode> {
    let http = server.http.clone();
    let url = server.url("auth/api-key");
    tokio::spawn(async move {
        let res = http
            .post(url)
            .json(&json!({ "apiKey": bogus_key(i) }))
            .send()
            .await
            .unwrap();
        res.status()
    })
}

async fn bogus_client(server: &TestServer, i: usize) -> tokio::task::JoinHandle<StatusCode> {
    let http = server.http.clone();
    let url = server.url("oauth/token");
    tokio::spawn(async move {
        let res = http
            .post(url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", "whatever"),
                ("client_id", &format!("no-such-client-{i}")),
                (
                    "client_secret",
                    "a-long-random-looking-secret-that-nobody-has",
                ),
            ])
            .send()
            .await
            .unwrap();
        res.status()
    })
}

#[tokio::test]
async fn a_flood_of_bogus_keys_and_client_secrets_stays_small_and_is_refused() {
    let server = TestServer::start().await;
    // Warm up: the first requests set up pools and caches that are not the flood's cost.
    for i in 0..2 {
        assert_eq!(
            bogus_key_exchange(&server, 1000 + i).await.await.unwrap(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            bogus_client(&server, 1000 + i).await.await.unwrap(),
            StatusCode::UNAUTHORIZED
        );
    }
    let before = status_bytes("VmRSS:");

    // Sample the resident size while the flood runs: freed argon2 memory may be returned before
    // the last answer, so only the peak tells.
    let sampling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        tokio::spawn(async move {
            let mut peak = 0;
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(status_bytes("VmRSS:"));
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            peak
        })
    };
    let mut flood = Vec::new();
    for i in 0..EACH {
        flood.push(bogus_key_exchange(&server, i).await);
        flood.push(bogus_client(&server, i).await);
    }
    for task in flood {
        assert_eq!(task.await.unwrap(), StatusCode::UNAUTHORIZED);
    }
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.await.unwrap().max(status_bytes("VmRSS:"));
    let growth = peak.saturating_sub(before);
    eprintln!(
        "resident before {} MiB, peak {} MiB, growth {} MiB",
        before / MIB,
        peak / MIB,
        growth / MIB
    );
    assert!(growth < 64 * MIB, "grew by {} MiB", growth / MIB);
}

/// An argon2id PHC string of `secret`, as servers before the change stored keys and secrets.
fn argon2_phc(secret: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2::Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn keys_and_secrets_hashed_with_argon2_still_work_and_are_rehashed() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let key = server
        .handle
        .create_api_key(crate::common::ADMIN, "old")
        .await
        .unwrap();
    let (app_id, client_id, secret) =
        register_app(&server, &admin, &["https://integration.example/cb"], false).await;
    let secret = secret.unwrap();

    let db = server.db().await;
    sqlx::query("UPDATE api_keys SET secret_hash = $1 WHERE prefix = $2")
        .bind(argon2_phc(&key.secret))
        .bind(&key.key.prefix)
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE oauth_apps SET secret_hash = $1 WHERE id = $2")
        .bind(argon2_phc(&secret))
        .bind(app_id)
        .execute(&db)
        .await
        .unwrap();

    // The old hashes verify...
    server.exchange(&key.secret).await;
    let res = server
        .http
        .post(server.url("oauth/revoke"))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("token", "nothing-to-revoke")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // ...and are replaced by the fast format on that first use.
    let key_hash: String = sqlx::query_scalar("SELECT secret_hash FROM api_keys WHERE prefix = $1")
        .bind(&key.key.prefix)
        .fetch_one(&db)
        .await
        .unwrap();
    let app_hash: String = sqlx::query_scalar("SELECT secret_hash FROM oauth_apps WHERE id = $1")
        .bind(app_id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(!key_hash.starts_with("$argon2"), "{key_hash}");
    assert!(!app_hash.starts_with("$argon2"), "{app_hash}");

    // A wrong secret is still refused, a right one still works.
    let wrong = format!("{}x", &key.secret[..key.secret.len() - 1]);
    let res = server
        .http
        .post(server.url("auth/api-key"))
        .json(&json!({ "apiKey": wrong }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    server.exchange(&key.secret).await;
    db.close().await;
}
