//! Running a long tool under watch: its stdout handed to the job as it comes, its progress
//! written to the job's row about once a second, and the tool killed when the job is no longer
//! wanted (file deleted or given new bytes) or runs past its time limit.

use std::time::Duration;

use rushes_api::renditions::RenditionError;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;
use tokio::time::Instant;

use super::worker::{Ended, Job};
use crate::db::media_jobs;

/// How often progress is recorded and the job checked for still being wanted.
const TICK: Duration = Duration::from_secs(1);
/// How much of the tool's stderr is kept for the error message.
const STDERR_KEPT: usize = 16 * 1024;

/// What the job makes of the tool's stdout.
pub(super) trait Output {
    /// Takes the next bytes of stdout.
    fn take(&mut self, bytes: &[u8]);
    /// How far the tool is, 0–100.
    fn percent(&self) -> u8;
}

/// Runs `cmd` to its end, feeding stdout to `out`. `Ok` when the tool exited successfully.
pub(super) async fn supervise(
    job: &Job<'_>,
    mut cmd: Command,
    limit: Duration,
    out: &mut impl Output,
) -> Result<(), Ended> {
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| Ended::failed(format!("could not run: {e}")))?;
    let (Some(mut stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(Ended::failed("the tool's output was not captured"));
    };
    let errors = tokio::spawn(read_capped(stderr));
    let deadline = Instant::now() + limit;
    let mut tick = tokio::time::interval(TICK);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        tokio::select! {
            read = stdout.read(&mut buf) => match read {
                Ok(0) => break,
                Ok(n) => out.take(&buf[..n]),
                Err(e) => return Err(Ended::failed(format!("reading the tool's output: {e}"))),
            },
            _ = tick.tick() => {
                let wanted = media_jobs::progress(job.pool, job.row, i64::from(out.percent()))
                    .await
                    .unwrap_or_else(|e| {
                        tracing::warn!(job = job.row.id, error = %e, "could not record progress");
                        true
                    });
                if !wanted {
                    // Dropping the child kills it (kill_on_drop).
                    return Err(Ended::Stale);
                }
            }
            _ = tokio::time::sleep_until(deadline) => return Err(timed_out(limit)),
        }
    }
    let status = tokio::time::timeout_at(deadline, child.wait())
        .await
        .map_err(|_| timed_out(limit))?
        .map_err(|e| Ended::failed(format!("waiting for the tool: {e}")))?;
    let stderr = errors.await.unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if status.signal() == Some(libc::SIGXCPU) {
            return Err(Ended::Failed(
                RenditionError::TimedOut,
                "ran out of CPU time".into(),
            ));
        }
    }
    Err(Ended::failed(first_words(&stderr, &status)))
}

fn timed_out(limit: Duration) -> Ended {
    Ended::Failed(
        RenditionError::TimedOut,
        format!("took longer than {} s", limit.as_secs()),
    )
}

/// The tool's own words: the last non-empty lines of stderr, cut to a readable length.
fn first_words(stderr: &[u8], status: &std::process::ExitStatus) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return format!("ffmpeg failed ({status})");
    }
    let tail = lines[lines.len().saturating_sub(3)..].join(" / ");
    tail.chars().take(400).collect()
}

/// Reads a stream to its end, keeping the last [`STDERR_KEPT`] bytes.
async fn read_capped(mut from: impl AsyncRead + Unpin) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = from.read(&mut buf).await {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&buf[..n]);
        if kept.len() > STDERR_KEPT {
            kept.drain(..kept.len() - STDERR_KEPT);
        }
    }
    kept
}

/// ffmpeg's `-progress` key=value lines on stdout: how many frames (or microseconds) are done.
#[derive(Debug, Default)]
pub(super) struct FfmpegProgress {
    line: Vec<u8>,
    /// Frames of the source, if known.
    total_frames: Option<i64>,
    /// Microseconds of the source, if known.
    total_us: Option<i64>,
    done_frames: i64,
    done_us: i64,
}

impl FfmpegProgress {
    /// Progress towards `total_frames`, or `total_us` microseconds when the frames are unknown.
    pub fn new(total_frames: Option<i64>, total_us: Option<i64>) -> Self {
        Self {
            total_frames,
            total_us,
            ..Default::default()
        }
    }
}

impl Output for FfmpegProgress {
    fn take(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b != b'\n' {
                // A line longer than any progress line is not one: drop it.
                if self.line.len() < 256 {
                    self.line.push(b);
                }
                continue;
            }
            let line = String::from_utf8_lossy(&self.line).into_owned();
            self.line.clear();
            let Some((key, value)) = line.trim().split_once('=') else {
                continue;
            };
            match key {
                "frame" => self.done_frames = value.parse().unwrap_or(self.done_frames),
                "out_time_us" => self.done_us = value.parse().unwrap_or(self.done_us),
                _ => {}
            }
        }
    }

    fn percent(&self) -> u8 {
        let ratio = match (self.total_frames, self.total_us) {
            (Some(total), _) if total > 0 => self.done_frames as f64 / total as f64,
            (_, Some(total)) if total > 0 => self.done_us as f64 / total as f64,
            _ => 0.0,
        };
        // 100 only when recorded as ready.
        (ratio * 100.0).clamp(0.0, 99.0) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_give_percent_even_split_across_reads() {
        let mut p = FfmpegProgress::new(Some(200), None);
        p.take(b"frame=5");
        p.take(b"0\nfps=12.0\nout_time_us=2000000\nprogress=continue\n");
        assert_eq!(p.percent(), 25);
        p.take(b"frame=200\nprogress=end\n");
        assert_eq!(p.percent(), 99);
        let mut by_time = FfmpegProgress::new(None, Some(4_000_000));
        by_time.take(b"frame=N/A\nout_time_us=1000000\n");
        assert_eq!(by_time.percent(), 25);
    }

    #[test]
    fn the_error_is_the_last_lines_of_stderr() {
        let status = std::process::Command::new("false").status().unwrap();
        let words = first_words(
            b"\n[mov] moov atom not found\nfile:/input: Invalid data\n",
            &status,
        );
        assert_eq!(
            words,
            "[mov] moov atom not found / file:/input: Invalid data"
        );
        assert!(first_words(b"", &status).starts_with("ffmpeg failed"));
    }
}
