//! The probe job: what ffprobe says about the bytes, the poster frame of a video, and which
//! renditions the file needs (a proxy when browsers cannot play the original, a waveform when
//! there is sound).

use rushes_api::renditions::RenditionError;

use super::worker::{Ended, Job, Made};
use crate::db::media_jobs::{self, JobKind};
use crate::db::technical;
use crate::media::ffprobe::{playable, probe, ProbeError, Probed};
use crate::media::poster::poster;
use crate::media::tool::ToolError;

pub(super) async fn run(job: &Job<'_>) -> Result<Made, Ended> {
    let file_id = job.row.file_id;
    let probed = probe(job.how, &job.tools.ffprobe, &job.source).await;
    let (info, error) = match &probed {
        Ok(info) => (info.clone(), None),
        Err(why) => (Probed::default(), Some(why.to_string())),
    };
    let poster = if info.has_video {
        match poster(job.how, &job.tools.ffmpeg, &job.source, info.media.duration).await {
            Ok(jpeg) => Some(
                job.store
                    .put_small(file_id, ".jpg", jpeg)
                    .await
                    .map_err(Ended::failed)?,
            ),
            Err(why) => {
                tracing::info!(file_id, %why, "no poster");
                None
            }
        }
    } else {
        None
    };
    // New bytes or a delete while probing: what was found describes nothing any more.
    if !media_jobs::progress(job.pool, job.row, 99)
        .await
        .map_err(Ended::failed)?
    {
        job.store.remove(poster.into_iter().collect()).await;
        return Err(Ended::Stale);
    }
    let old_poster = technical::record(
        job.pool,
        file_id,
        &info.media,
        poster.as_deref(),
        error.as_deref(),
    )
    .await
    .map_err(Ended::failed)?;
    job.store.remove(old_poster.into_iter().collect()).await;
    match probed {
        Ok(info) => Ok(Made {
            output: None,
            then: follow_ups(&info),
        }),
        Err(why @ ProbeError::NotMedia) => {
            Err(Ended::Failed(RenditionError::NotMedia, why.to_string()))
        }
        Err(why @ ProbeError::Tool(ToolError::TimedOut)) => {
            Err(Ended::Failed(RenditionError::TimedOut, why.to_string()))
        }
        Err(why) => Err(Ended::failed(why)),
    }
}

/// The renditions a probed file needs.
fn follow_ups(info: &Probed) -> Vec<JobKind> {
    let mut then = Vec::new();
    if !playable(info) {
        then.push(JobKind::Proxy);
    }
    if info.media.audio_codec.is_some() {
        then.push(JobKind::Waveform);
    }
    then
}
