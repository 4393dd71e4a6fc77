//! Running ffprobe or ffmpeg: a time limit for every run, and their own words when they fail.

use std::time::Duration;

use tokio::process::Command;

/// Longest a probe or a poster may take; a hostile file must not stall the queue.
const TOOL_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs a tool with a time limit and returns its stdout, or why it failed.
pub async fn run(cmd: &mut Command) -> Result<Vec<u8>, String> {
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
