//! The background media job: probes each finished file with `ffprobe` and makes a poster JPEG
//! with `ffmpeg`, and records what it found.
//!
//! Both tools are optional. Without them files work as before and the technical fields stay
//! empty. Jobs run one at a time, so a burst of uploads never starts a burst of decoders.

use rushes_api::Id;
use tokio::process::Command;
use tokio::sync::mpsc;

use super::confine::Confinement;
use super::ffprobe::{probe, Probed};
use super::poster::poster;
use super::MediaStore;
use crate::config::MediaTools;
use crate::db::{files, technical, Pool};

/// Queues files for probing. Cheap to clone; dropping every clone stops the worker.
#[derive(Debug, Clone)]
pub struct MediaJobs {
    tx: Option<mpsc::UnboundedSender<Id>>,
}

impl MediaJobs {
    /// Starts the worker when `tools` work, and queues every ready file not probed yet.
    pub async fn start(pool: Pool, store: MediaStore, tools: MediaTools) -> Self {
        if !tools_work(&tools).await {
            tracing::info!("ffprobe/ffmpeg not found: no technical metadata or posters");
            return Self { tx: None };
        }
        let confinement = Confinement::choose(&[&tools.ffprobe, &tools.ffmpeg]).await;
        let (tx, mut rx) = mpsc::unbounded_channel::<Id>();
        let worker = Worker {
            pool,
            store,
            tools,
            confinement,
        };
        match technical::unprobed(&worker.pool).await {
            Ok(ids) => {
                for id in ids {
                    let _ = tx.send(id);
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not list unprobed files"),
        }
        tokio::spawn(async move {
            while let Some(id) = rx.recv().await {
                if let Err(e) = worker.run(id).await {
                    tracing::warn!(file_id = id, error = %e, "media job failed");
                }
            }
        });
        Self { tx: Some(tx) }
    }

    /// Queues file `id` (whose bytes just became ready).
    pub fn enqueue(&self, id: Id) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(id);
        }
    }
}

async fn tools_work(tools: &MediaTools) -> bool {
    for tool in [&tools.ffprobe, &tools.ffmpeg] {
        let ok = Command::new(tool)
            .arg("-version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .await
            .is_ok_and(|s| s.success());
        if !ok {
            return false;
        }
    }
    true
}

#[derive(Debug, thiserror::Error)]
enum JobError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("store: {0}")]
    Store(#[from] super::store::StoreError),
}

struct Worker {
    pool: Pool,
    store: MediaStore,
    tools: MediaTools,
    /// How ffprobe and ffmpeg are kept to the one file (chosen and logged once at start).
    confinement: Confinement,
}

impl Worker {
    async fn run(&self, id: Id) -> Result<(), JobError> {
        let Some(file) = files::by_id_anywhere(&self.pool, id).await? else {
            return Ok(());
        };
        let Some(key) = file.storage_key.filter(|_| file.state == files::READY) else {
            return Ok(());
        };
        let path = self.store.path(&key)?;
        let (info, error) = match probe(&self.confinement, &self.tools.ffprobe, &path).await {
            Ok(info) => (info, None),
            Err(why) => (Probed::default(), Some(why)),
        };
        let poster = if info.has_video {
            match poster(
                &self.confinement,
                &self.tools.ffmpeg,
                &path,
                info.media.duration,
            )
            .await
            {
                Ok(jpeg) => Some(self.store.put_small(id, ".jpg", jpeg).await?),
                Err(why) => {
                    tracing::info!(file_id = id, %why, "no poster");
                    None
                }
            }
        } else {
            None
        };
        let old_poster = technical::record(
            &self.pool,
            id,
            &info.media,
            poster.as_deref(),
            error.as_deref(),
        )
        .await?;
        if let Some(old) = old_poster {
            self.store.remove(vec![old]).await;
        }
        Ok(())
    }
}
