//! The `file_media` table: what the probe found about a file's media streams. The media job
//! writes it; the metadata and comment endpoints only read it.

use rushes_api::Id;
use sqlx::Executor;

use super::time::now_ms;
use super::{Db, Pool};

/// The probe's findings for one file. Every field is `None` when the probe could not tell.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct MediaRow {
    pub duration: Option<f64>,
    pub frame_rate: Option<String>,
    pub frames: Option<i64>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    /// SMPTE for pictures; `"HH:MM:SS.mmm"` for sound-only BWF files (their start is a sample
    /// count, not a frame).
    pub start_timecode: Option<String>,
    /// Hertz, of the first sound stream.
    pub sample_rate: Option<i64>,
    /// Sound channels in all sound streams together.
    pub audio_channels: Option<i64>,
    /// Seconds since midnight at which the file starts, from its timecode or BWF time reference.
    pub start_seconds: Option<f64>,
}

/// The probe's findings for `file_id`, if it has been probed.
pub async fn by_file<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT duration, frame_rate, frames, width, height, video_codec, audio_codec, \
         start_timecode, sample_rate, audio_channels, start_seconds \
         FROM file_media WHERE file_id = $1",
    )
    .bind(file_id)
    .fetch_optional(ex)
    .await
}

/// How many frames `file_id` has, when the probe counted them.
pub async fn frames<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
) -> Result<Option<i64>, sqlx::Error> {
    let frames: Option<Option<i64>> =
        sqlx::query_scalar("SELECT frames FROM file_media WHERE file_id = $1")
            .bind(file_id)
            .fetch_optional(ex)
            .await?;
    Ok(frames.flatten())
}

/// Stores the result, returning the poster to remove from disk: the one it replaced, or the new
/// one when the file was deleted meanwhile.
pub async fn record(
    pool: &Pool,
    id: Id,
    p: &MediaRow,
    poster: Option<&str>,
    error: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = super::begin_write(pool).await?;
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
         video_codec, audio_codec, start_timecode, sample_rate, audio_channels, start_seconds, \
         poster_key, probed_at, probe_error) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 \
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
    .bind(p.sample_rate)
    .bind(p.audio_channels)
    .bind(p.start_seconds)
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
