//! Access tokens that expire while the client is in use are renewed without the caller noticing.

use std::time::Duration;

use crate::TestServer;

#[tokio::test]
async fn short_lived_tokens_are_renewed_transparently() {
    let server = TestServer::start_with_ttl(Duration::from_secs(1)).await;
    let api = server.client().await;
    for _ in 0..3 {
        api.me().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1200)).await;
    }
    // Many callers at once after expiry: all succeed, sharing one renewal.
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let api = api.clone();
        calls.spawn(async move { api.me().await });
    }
    while let Some(r) = calls.join_next().await {
        r.unwrap().unwrap();
    }
}
