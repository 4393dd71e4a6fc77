//! Running ffprobe or ffmpeg: a time limit for every run, and their own words when they fail.

use std::time::Duration;

use tokio::process::Command;

/// Longest a probe or a poster may take; a hostile file must not stall the queue.
const TOOL_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a run of a tool gave no output. Callers tell "the tool said no" (usually: the file is not
/// something it can read) from "the tool did not get to look" (the file may be fine).
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("timed out")]
    TimedOut,
    #[error("could not run: {0}")]
    Start(#[from] std::io::Error),
    /// The tool ran and failed: the first line of what it wrote to stderr.
    #[error("{0}")]
    Failed(String),
}

/// Callers that only record why something failed keep a string.
impl From<ToolError> for String {
    fn from(e: ToolError) -> Self {
        e.to_string()
    }
}

/// Runs a tool with a time limit and returns its stdout, or why it failed.
pub async fn run(cmd: &mut Command) -> Result<Vec<u8>, ToolError> {
    let out = tokio::time::timeout(TOOL_TIMEOUT, cmd.output())
        .await
        .map_err(|_| ToolError::TimedOut)??;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(ToolError::Failed(
            err.lines()
                .next()
                .unwrap_or("failed")
                .chars()
                .take(200)
                .collect(),
        ))
    }
}
