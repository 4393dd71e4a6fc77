//! The poster of a video: one JPEG frame a little way in, made with `ffmpeg`.

use std::path::Path;

use super::confine::Confinement;
use super::tool::run;

/// Posters are this wide (height keeps the aspect ratio).
const POSTER_WIDTH: u32 = 640;

/// A JPEG of the frame a tenth of the way in (at most a second), or why there is none.
pub async fn poster(
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
