//! Reading the `file_media` table: what the probe found about a file's media streams. The probe
//! job writes it; the metadata and comment endpoints only read it.

use rushes_api::Id;
use sqlx::Executor;

use super::Db;

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
    pub start_timecode: Option<String>,
}

/// The probe's findings for `file_id`, if it has been probed.
pub async fn by_file<'c>(
    ex: impl Executor<'c, Database = Db>,
    file_id: Id,
) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT duration, frame_rate, frames, width, height, video_codec, audio_codec, \
         start_timecode FROM file_media WHERE file_id = $1",
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
