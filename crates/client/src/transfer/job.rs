//! The context an upload or download job runs in, and what it ends with.
//!
//! It sits below both the engine and the jobs: the engine makes a [`Job`] for each attempt at
//! a transfer and runs the upload or download job with it, and a job reaches its transfer's
//! record only through the [`Ledger`] the job carries. So the jobs never name the engine, and
//! the engine is the only module that knows both.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use rushes_api::transfers::TransferState;

use super::limiter::Limiter;
use super::meter::Meter;
use super::store::{Record, Store};
use super::tuning::Tuning;
use super::tus::{Capabilities, TusEndpoint};
use crate::{ApiClient, ClientError};

/// What a job ended with.
pub(crate) enum Outcome {
    Done,
    Skipped,
}

/// Where a job reads and changes its transfer's record. The engine's queue keeps it: a change
/// is applied to its view in memory, persisted and told to listeners.
pub(crate) trait Ledger: Send + Sync {
    fn record(&self, id: &str) -> Option<Record>;

    /// Applies `change` to a transfer's record, persists it and tells listeners.
    fn update<'a>(
        &'a self,
        id: &'a str,
        change: Box<dyn FnOnce(&mut Record) + Send + 'a>,
    ) -> BoxFuture<'a, Result<Record, ClientError>>;
}

/// What all jobs of one engine share: the queue database, the sizes, the bandwidth limit and
/// what each server's tus endpoint supports.
pub(crate) struct Resources {
    pub(crate) store: Store,
    pub(crate) tuning: Tuning,
    pub(crate) limiter: Arc<Limiter>,
    /// What each server's tus endpoint supports, asked once per server rather than per upload.
    capabilities: Mutex<HashMap<String, Capabilities>>,
}

impl Resources {
    pub(crate) fn new(store: Store, tuning: Tuning, limiter: Arc<Limiter>) -> Self {
        Self {
            store,
            tuning,
            limiter,
            capabilities: Mutex::new(HashMap::new()),
        }
    }

    /// The tus capabilities of the server at `base`, asked on first use.
    pub(crate) async fn capabilities(
        &self,
        tus: &TusEndpoint,
        base: &str,
    ) -> Result<Capabilities, ClientError> {
        let known = |c: &Mutex<HashMap<String, Capabilities>>| match c.lock() {
            Ok(g) => g.get(base).cloned(),
            Err(p) => p.into_inner().get(base).cloned(),
        };
        if let Some(caps) = known(&self.capabilities) {
            return Ok(caps);
        }
        let caps = tus.capabilities().await?;
        match self.capabilities.lock() {
            Ok(mut g) => g.insert(base.to_owned(), caps.clone()),
            Err(p) => p.into_inner().insert(base.to_owned(), caps.clone()),
        };
        Ok(caps)
    }
}

/// The context a job runs in.
pub(crate) struct Job {
    pub(crate) ledger: Arc<dyn Ledger>,
    pub(crate) resources: Arc<Resources>,
    pub(crate) id: String,
    pub(crate) api: ApiClient,
    pub(crate) meter: Arc<Meter>,
    /// Bytes per PATCH in effect: halved after a broken chunk, doubled back after good ones,
    /// kept across the retries of one run.
    pub(crate) chunk: Arc<AtomicU64>,
}

impl Job {
    pub(crate) fn record(&self) -> Result<Record, ClientError> {
        self.ledger
            .record(&self.id)
            .ok_or_else(|| ClientError::NotFound(format!("no transfer {}", self.id)))
    }

    pub(crate) async fn update<'a>(
        &'a self,
        change: impl FnOnce(&mut Record) + Send + 'a,
    ) -> Result<Record, ClientError> {
        self.ledger.update(&self.id, Box::new(change)).await
    }

    pub(crate) async fn set_state(&self, state: TransferState) -> Result<(), ClientError> {
        self.update(|r| r.state = state).await.map(drop)
    }

    pub(crate) fn tuning(&self) -> &Tuning {
        &self.resources.tuning
    }
}
