//! The background media job: probes each finished file with `ffprobe` (duration, frame rate,
//! frames, size, codecs, start timecode) and makes a poster JPEG with `ffmpeg`.
//!
//! Both tools are optional. Without them files work as before and the technical fields stay
//! empty. Jobs run one at a time, so a burst of uploads never starts a burst of decoders.

use std::path::Path;
use std::time::Duration;

use rushes_api::Id;
use serde::Deserialize;
use tokio::process::Command;
use tokio::sync::mpsc;

use super::confine::Confinement;
use super::MediaStore;
use crate::config::MediaTools;
use crate::db::time::now_ms;
use crate::db::{files, Pool};

/// Longest a probe or a poster may take; a hostile file must not stall the queue.
const TOOL_TIMEOUT: Duration = Duration::from_secs(60);
/// Posters are this wide (height keeps the aspect ratio).
const POSTER_WIDTH: u32 = 640;

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
        match unprobed(&worker.pool).await {
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

async fn unprobed(pool: &Pool) -> Result<Vec<Id>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT f.id FROM files f LEFT JOIN file_media m ON m.file_id = f.id \
         WHERE f.state = $1 AND m.file_id IS NULL ORDER BY f.id",
    )
    .bind(files::READY)
    .fetch_all(pool)
    .await
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
            match poster(&self.confinement, &self.tools.ffmpeg, &path, info.duration).await {
                Ok(jpeg) => Some(self.store.put_small(id, ".jpg", jpeg).await?),
                Err(why) => {
                    tracing::info!(file_id = id, %why, "no poster");
                    None
                }
            }
        } else {
            None
        };
        let old_poster = save(&self.pool, id, &info, poster.as_deref(), error.as_deref()).await?;
        if let Some(old) = old_poster {
            self.store.remove(vec![old]).await;
        }
        Ok(())
    }
}

/// What ffprobe said about a file.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Probed {
    pub has_video: bool,
    pub duration: Option<f64>,
    pub frame_rate: Option<String>,
    pub frames: Option<i64>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub start_timecode: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FfprobeOutput {
    #[serde(default)]
    streams: Vec<Stream>,
    #[serde(default)]
    format: Option<Format>,
}

#[derive(Debug, Deserialize)]
struct Stream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    r_frame_rate: Option<String>,
    avg_frame_rate: Option<String>,
    nb_frames: Option<String>,
    duration: Option<String>,
    #[serde(default)]
    tags: Tags,
    #[serde(default)]
    disposition: Disposition,
}

#[derive(Debug, Default, Deserialize)]
struct Disposition {
    #[serde(default)]
    attached_pic: i64,
}

#[derive(Debug, Default, Deserialize)]
struct Tags {
    timecode: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Format {
    duration: Option<String>,
    #[serde(default)]
    tags: Tags,
}

async fn probe(how: &Confinement, ffprobe: &Path, path: &Path) -> Result<Probed, String> {
    let out = run(how.tool_on(ffprobe, &["-v", "error"], None, path).args([
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
    ]))
    .await?;
    let parsed: FfprobeOutput =
        serde_json::from_slice(&out).map_err(|e| format!("unreadable ffprobe output: {e}"))?;
    Ok(interpret(parsed))
}

fn interpret(out: FfprobeOutput) -> Probed {
    let video = out
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video") && s.disposition.attached_pic == 0);
    let audio = out
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("audio"));
    let duration = out
        .format
        .as_ref()
        .and_then(|f| f.duration.as_deref())
        .or_else(|| video.and_then(|v| v.duration.as_deref()))
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d >= 0.0);
    let frame_rate = video
        .and_then(|v| {
            [&v.avg_frame_rate, &v.r_frame_rate]
                .into_iter()
                .flatten()
                .find(|r| rational(r).is_some_and(|x| x > 0.0))
        })
        .cloned();
    let frames = video
        .and_then(|v| v.nb_frames.as_deref())
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .or_else(|| {
            let fps = frame_rate.as_deref().and_then(rational)?;
            // Whole frames in the duration; a float product of two rounded inputs.
            Some((duration? * fps).round() as i64)
        });
    let start_timecode = video
        .and_then(|v| v.tags.timecode.clone())
        .or_else(|| out.format.as_ref().and_then(|f| f.tags.timecode.clone()))
        .or_else(|| out.streams.iter().find_map(|s| s.tags.timecode.clone()));
    Probed {
        has_video: video.is_some(),
        duration,
        frame_rate,
        frames,
        width: video.and_then(|v| v.width),
        height: video.and_then(|v| v.height),
        video_codec: video.and_then(|v| v.codec_name.clone()),
        audio_codec: audio.and_then(|a| a.codec_name.clone()),
        start_timecode,
    }
}

/// `"24000/1001"` as a number.
fn rational(s: &str) -> Option<f64> {
    let (n, d) = s.split_once('/').unwrap_or((s, "1"));
    let (n, d) = (n.parse::<f64>().ok()?, d.parse::<f64>().ok()?);
    (d != 0.0).then_some(n / d)
}

async fn poster(
    how: &Confinement,
    ffmpeg: &Path,
    path: &Path,
    duration: Option<f64>,
) -> Result<Vec<u8>, String> {
    // A frame a little way in: the first is often black.
    let at = format!("{:.3}", duration.map_or(0.0, |d| (d / 10.0).min(1.0)));
    let jpeg = run(how
        .tool_on(ffmpeg, &["-v", "error", "-ss", &at], Some("-i"), path)
        .args([
            "-frames:v",
            "1",
            "-vf",
            &format!("scale={POSTER_WIDTH}:-2"),
            "-f",
            "image2",
            "-c:v",
            "mjpeg",
            "pipe:1",
        ]))
    .await?;
    if jpeg.is_empty() {
        return Err("ffmpeg made no image".into());
    }
    Ok(jpeg)
}

/// Runs a tool with a time limit and returns its stdout, or why it failed.
async fn run(cmd: &mut Command) -> Result<Vec<u8>, String> {
    let out = tokio::time::timeout(TOOL_TIMEOUT, cmd.output())
        .await
        .map_err(|_| "timed out".to_owned())?
        .map_err(|e| format!("could not run: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(err
            .lines()
            .next()
            .unwrap_or("failed")
            .chars()
            .take(200)
            .collect())
    }
}

/// Stores the result, returning the poster to remove from disk: the one it replaced, or the new
/// one when the file was deleted meanwhile.
async fn save(
    pool: &Pool,
    id: Id,
    p: &Probed,
    poster: Option<&str>,
    error: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = crate::db::begin_write(pool).await?;
    let old: Option<String> =
        sqlx::query_scalar("SELECT poster_key FROM file_media WHERE file_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
    sqlx::query("DELETE FROM file_media WHERE file_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // The file may have been deleted while the job ran: then there is nothing to record.
    let inserted = sqlx::query(
        "INSERT INTO file_media (file_id, duration, frame_rate, frames, width, height, \
         video_codec, audio_codec, start_timecode, poster_key, probed_at, probe_error) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 \
         WHERE EXISTS (SELECT 1 FROM files WHERE id = $1)",
    )
    .bind(id)
    .bind(p.duration)
    .bind(&p.frame_rate)
    .bind(p.frames)
    .bind(p.width)
    .bind(p.height)
    .bind(&p.video_codec)
    .bind(&p.audio_codec)
    .bind(&p.start_timecode)
    .bind(poster)
    .bind(now_ms())
    .bind(error)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    if inserted == 0 {
        return Ok(poster.map(str::to_owned));
    }
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interprets_ffprobe_output() {
        let json = r#"{
          "streams": [
            {"codec_type":"video","codec_name":"h264","width":1920,"height":1080,
             "r_frame_rate":"25/1","avg_frame_rate":"25/1","nb_frames":"50",
             "tags":{"timecode":"01:00:00:00"}},
            {"codec_type":"audio","codec_name":"aac"}
          ],
          "format": {"duration":"2.000000"}
        }"#;
        let p = interpret(serde_json::from_str(json).unwrap());
        assert!(p.has_video);
        assert_eq!(p.duration, Some(2.0));
        assert_eq!(p.frame_rate.as_deref(), Some("25/1"));
        assert_eq!(p.frames, Some(50));
        assert_eq!((p.width, p.height), (Some(1920), Some(1080)));
        assert_eq!(p.video_codec.as_deref(), Some("h264"));
        assert_eq!(p.audio_codec.as_deref(), Some("aac"));
        assert_eq!(p.start_timecode.as_deref(), Some("01:00:00:00"));
    }

    #[test]
    fn frames_come_from_duration_when_not_counted() {
        let json = r#"{"streams":[{"codec_type":"video","avg_frame_rate":"24000/1001"}],
                       "format":{"duration":"10.01"}}"#;
        let p = interpret(serde_json::from_str(json).unwrap());
        assert_eq!(p.frames, Some(240));
        let audio_only = r#"{"streams":[{"codec_type":"audio","codec_name":"pcm_s24le"}]}"#;
        let p = interpret(serde_json::from_str(audio_only).unwrap());
        assert!(!p.has_video);
        assert_eq!(p.frames, None);
    }
}
