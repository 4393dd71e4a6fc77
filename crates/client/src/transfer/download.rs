//! A download job: parallel ranges of the signed media URL into `NAME.part`, with the ranges'
//! progress in `NAME.part.json` beside it; then the SHA-256 is checked and the file renamed into
//! place. A server that ignores `Range` gets one plain stream instead.
//!
//! The state file only ever claims bytes that were flushed to disk before it was written, so a
//! resumed download may fetch a little twice but never trusts bytes that aren't there.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::StreamExt;
use reqwest::header::{ACCEPT_RANGES, CONTENT_LENGTH, RANGE};
use reqwest::StatusCode;
use rushes_api::files::FileState;
use rushes_api::transfers::{OnConflict, TransferState};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};
use url::Url;

use super::job::{Job, Outcome};
use super::meter::Meter;
use super::names::numbered;
use super::source::{io_error, sha256_file};
use super::store::Record;
use crate::api::http::expect_success;
use crate::ClientError;

/// What `NAME.part.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PartState {
    file_id: i64,
    size: u64,
    sha256: String,
    ranges: Vec<RangeState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RangeState {
    start: u64,
    len: u64,
    done: u64,
}

fn part_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_owned();
    s.push(".part");
    PathBuf::from(s)
}

fn state_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_owned();
    s.push(".part.json");
    PathBuf::from(s)
}

pub(crate) async fn run(job: &Job) -> Result<Outcome, ClientError> {
    let record = job.record()?;
    let file_id = record
        .file_id
        .ok_or_else(|| ClientError::Invalid("a download without a file".into()))?;
    let file = job
        .api
        .file((record.project_id, record.folder_id, file_id))
        .await?;
    let (size, sha256) = match (file.state, file.size, file.sha256) {
        (FileState::Ready, Some(size), Some(sha)) => (u64::try_from(size).unwrap_or(0), sha),
        _ => {
            return Err(ClientError::Invalid(format!(
                "{} has not finished uploading yet",
                file.name
            )))
        }
    };
    job.update(|r| {
        r.size = Some(size);
        r.sha256 = Some(sha256.clone());
    })
    .await?;

    let target = record.local_path.clone();
    if let Some(dir) = target.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(io_error(format!("creating {}", dir.display())))?;
    }
    // Already there with the same bytes (a finished download resumed after a crash, or the
    // person asked twice): nothing to do.
    if same_file(&target, size, &sha256).await {
        job.meter.set(size);
        job.update(|r| r.done = size).await?;
        return Ok(Outcome::Done);
    }
    if record.on_conflict == OnConflict::Skip && exists(&target).await {
        return Ok(Outcome::Skipped);
    }

    let part = part_path(&target);
    let state_file = state_path(&target);
    let mut state = match read_state(&state_file).await {
        Some(s)
            if s.file_id == file_id
                && s.size == size
                && s.sha256 == sha256
                && exists(&part).await =>
        {
            s
        }
        _ => fresh(job, &part, file_id, size, &sha256).await?,
    };
    job.meter.set(state.ranges.iter().map(|r| r.done).sum());

    let url = job
        .api
        .download_url((record.project_id, record.folder_id, file_id))
        .await?;
    if !ranges_supported(job, &url, size).await? && state.ranges.len() > 1 {
        // One stream from the start: the server can't be asked for pieces.
        state.ranges = vec![RangeState {
            start: 0,
            len: size,
            done: 0,
        }];
        job.meter.set(0);
        write_state(&state_file, &state).await?;
    }
    let state = Arc::new(tokio::sync::Mutex::new(state));
    let count = state.lock().await.ranges.len();
    futures_util::future::try_join_all(
        (0..count).map(|i| fetch_range(job, &url, &part, &state_file, state.clone(), i)),
    )
    .await?;

    job.set_state(TransferState::Finalising).await?;
    let f = tokio::fs::OpenOptions::new()
        .write(true)
        .open(&part)
        .await
        .map_err(io_error(format!("opening {}", part.display())))?;
    f.sync_all()
        .await
        .map_err(io_error(format!("writing {}", part.display())))?;
    drop(f);

    job.set_state(TransferState::Verifying).await?;
    let ours = sha256_file(&part).await?;
    if ours != sha256 {
        discard(&part, &state_file).await;
        return Err(ClientError::Verification(format!(
            "the downloaded bytes of {} do not match the server's (SHA-256 {ours} vs {sha256}); \
             retry to download it again",
            record.name
        )));
    }
    let Some(final_path) = place(&record, &target).await? else {
        discard(&part, &state_file).await;
        return Ok(Outcome::Skipped);
    };
    tokio::fs::rename(&part, &final_path)
        .await
        .map_err(io_error(format!("renaming into {}", final_path.display())))?;
    let _ = tokio::fs::remove_file(&state_file).await;
    if let Some(dir) = final_path.parent() {
        if let Ok(d) = tokio::fs::File::open(dir).await {
            let _ = d.sync_all().await;
        }
    }
    let final_name = final_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    job.meter.set(size);
    job.update(|r| {
        r.done = size;
        r.local_path = final_path.clone();
        if let Some(n) = final_name {
            r.name = n;
        }
    })
    .await?;
    Ok(Outcome::Done)
}

/// Where the finished file goes, by the conflict rule; `None` to skip.
async fn place(record: &Record, target: &Path) -> Result<Option<PathBuf>, ClientError> {
    if !exists(target).await {
        return Ok(Some(target.to_owned()));
    }
    match record.on_conflict {
        OnConflict::Replace => Ok(Some(target.to_owned())),
        OnConflict::Skip => Ok(None),
        // A download has no versions to add to: a new local copy beside the old one.
        OnConflict::KeepBoth | OnConflict::NewVersion => {
            let dir = target.parent().unwrap_or(Path::new("."));
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for n in 2..10_000 {
                let candidate = dir.join(numbered(&name, n));
                if !exists(&candidate).await && !exists(&part_path(&candidate)).await {
                    return Ok(Some(candidate));
                }
            }
            Err(ClientError::Invalid(format!(
                "no free name like {name} in {}",
                dir.display()
            )))
        }
    }
}

async fn exists(path: &Path) -> bool {
    tokio::fs::symlink_metadata(path).await.is_ok()
}

async fn same_file(path: &Path, size: u64, sha256: &str) -> bool {
    match tokio::fs::metadata(path).await {
        Ok(m) if m.is_file() && m.len() == size => {
            sha256_file(path).await.is_ok_and(|h| h == sha256)
        }
        _ => false,
    }
}

/// Starts a download from nothing: an empty `.part` of the full size and fresh ranges.
async fn fresh(
    job: &Job,
    part: &Path,
    file_id: i64,
    size: u64,
    sha256: &str,
) -> Result<PartState, ClientError> {
    let f = tokio::fs::File::create(part)
        .await
        .map_err(io_error(format!("creating {}", part.display())))?;
    f.set_len(size)
        .await
        .map_err(io_error(format!("creating {}", part.display())))?;
    let tuning = job.tuning();
    let streams = if size >= tuning.stream_threshold {
        u64::from(tuning.download_streams.max(1))
    } else {
        1
    };
    let base = size / streams;
    let mut ranges = Vec::new();
    let mut start = 0;
    for i in 0..streams {
        let len = if i + 1 == streams { size - start } else { base };
        ranges.push(RangeState {
            start,
            len,
            done: 0,
        });
        start += len;
    }
    let state = PartState {
        file_id,
        size,
        sha256: sha256.to_owned(),
        ranges,
    };
    write_state(&state_path(&job.record()?.local_path), &state).await?;
    Ok(state)
}

/// Asks the media URL whether it serves ranges (`Accept-Ranges: bytes` and the right length).
async fn ranges_supported(job: &Job, url: &Url, size: u64) -> Result<bool, ClientError> {
    let resp = job.api.http().head(url.clone()).send().await?;
    if !resp.status().is_success() {
        expect_success(resp).await?;
        return Ok(false);
    }
    let h = resp.headers();
    let bytes = h
        .get(ACCEPT_RANGES)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("bytes"));
    let len_ok = h
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        == Some(size);
    Ok(bytes && len_ok)
}

/// Fetches what is left of range `i` into the `.part` file.
async fn fetch_range(
    job: &Job,
    url: &Url,
    part: &Path,
    state_file: &Path,
    state: Arc<tokio::sync::Mutex<PartState>>,
    i: usize,
) -> Result<(), ClientError> {
    let (start, len, done) = {
        let s = state.lock().await;
        let r = &s.ranges[i];
        (r.start, r.len, r.done)
    };
    if done >= len {
        return Ok(());
    }
    let from = start + done;
    let to = start + len - 1;
    let single = start == 0 && len == state.lock().await.size;
    let mut req = job.api.http().get(url.clone());
    if !(single && done == 0) {
        req = req.header(RANGE, format!("bytes={from}-{to}"));
    }
    let resp = req.send().await?;
    match resp.status() {
        StatusCode::PARTIAL_CONTENT => {}
        StatusCode::OK if from == 0 => {}
        StatusCode::OK => {
            return Err(ClientError::Interrupted(
                "the server sent the whole file where a piece was asked for".into(),
            ));
        }
        _ => {
            expect_success(resp).await?;
            return Err(ClientError::Decode("unexpected answer to a range".into()));
        }
    }
    let context = format!("writing {}", part.display());
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .open(part)
        .await
        .map_err(io_error(context.clone()))?;
    file.seek(std::io::SeekFrom::Start(from))
        .await
        .map_err(io_error(context.clone()))?;
    let sync_every = job.tuning().sync_every;
    let meter: &Meter = &job.meter;
    let mut written = done;
    let mut unsynced = 0u64;
    let mut body = resp.bytes_stream();
    while let Some(chunk) = body.next().await {
        // A body that breaks off is the network, whatever the HTTP library calls it.
        let chunk = chunk.map_err(|e| ClientError::Interrupted(e.to_string()))?;
        let take = usize::try_from((len - written).min(chunk.len() as u64)).unwrap_or(0);
        job.resources.limiter.take(take).await;
        file.write_all(&chunk[..take])
            .await
            .map_err(io_error(context.clone()))?;
        written += take as u64;
        unsynced += take as u64;
        meter.add(take as u64);
        if unsynced >= sync_every || written >= len {
            file.sync_data().await.map_err(io_error(context.clone()))?;
            unsynced = 0;
            let total = record_progress(&state, state_file, i, written).await?;
            job.update(|r| r.done = total).await?;
        }
        if written >= len {
            break;
        }
    }
    if written < len {
        // The stream ended early: what was written is kept; the retry asks for the rest.
        file.sync_data().await.map_err(io_error(context.clone()))?;
        record_progress(&state, state_file, i, written).await?;
        return Err(ClientError::Interrupted(format!(
            "the server stopped after {written} of {len} bytes"
        )));
    }
    Ok(())
}

/// Records that range `i` holds `written` bytes (already flushed) and returns the total. The
/// lock is held while the file is written, so parallel ranges never interleave their writes.
async fn record_progress(
    state: &tokio::sync::Mutex<PartState>,
    state_file: &Path,
    i: usize,
    written: u64,
) -> Result<u64, ClientError> {
    let mut s = state.lock().await;
    s.ranges[i].done = written;
    write_state(state_file, &s).await?;
    Ok(s.ranges.iter().map(|r| r.done).sum())
}

async fn read_state(path: &Path) -> Option<PartState> {
    let bytes = tokio::fs::read(path).await.ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Writes the state file atomically (temp file, then rename) so a crash leaves the old or the
/// new state, never half of one.
async fn write_state(path: &Path, state: &PartState) -> Result<(), ClientError> {
    let json = serde_json::to_vec(state).map_err(|e| ClientError::Decode(e.to_string()))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let context = format!("writing {}", tmp.display());
    let mut f = tokio::fs::File::create(&tmp)
        .await
        .map_err(io_error(context.clone()))?;
    f.write_all(&json)
        .await
        .map_err(io_error(context.clone()))?;
    f.sync_data().await.map_err(io_error(context.clone()))?;
    drop(f);
    tokio::fs::rename(&tmp, path)
        .await
        .map_err(io_error(context))?;
    Ok(())
}

async fn discard(part: &Path, state_file: &Path) {
    let _ = tokio::fs::remove_file(part).await;
    let _ = tokio::fs::remove_file(state_file).await;
}

/// Removes a cancelled download's `.part` and state.
pub(crate) async fn abandon(record: &Record) {
    discard(
        &part_path(&record.local_path),
        &state_path(&record.local_path),
    )
    .await;
}
