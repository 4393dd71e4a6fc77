//! An upload job: find or make the remote file record, send the bytes over tus (in parallel
//! partial uploads joined by concatenation when the file is large), and compare the server's
//! SHA-256 with ours.
//!
//! Every step starts from the queue database and the server's answer to `HEAD`, never from
//! memory, so running the job again after any interruption sends only what the server does not
//! have yet.

use rushes_api::error::ErrorCode;
use rushes_api::files::{File, FileState, NewFile};
use rushes_api::page::ListQuery;
use rushes_api::transfers::{OnConflict, TransferState};
use rushes_api::Id;

use super::engine::{Job, Outcome, Shared};
use super::names::numbered;
use super::source::{fingerprint, sha256_file, AbortOnDrop};
use super::store::{Part, Record};
use super::tus::TusEndpoint;
use super::tus_send::{send_range, Range};
use crate::{ApiClient, ClientError};

/// Attempts at a free "keep both" name before giving up.
const MAX_NAME_TRIES: u32 = 1000;

pub(crate) async fn run(job: &Job) -> Result<Outcome, ClientError> {
    let mut record = job.record()?;
    let (size, mtime) = fingerprint(&record.local_path).await?;
    if record.source_mtime_ns.is_some()
        && (record.size != Some(size) || record.source_mtime_ns != Some(mtime))
    {
        tracing::info!(transfer = %job.id, "the source changed since the upload began; starting over");
        terminate_uploads(&job.shared, &job.api, &record).await;
        job.shared.store.set_parts(&job.id, &[]).await?;
        job.meter.set(0);
        job.update(|r| {
            r.upload_path = None;
            r.done = 0;
            r.sha256 = None;
        })
        .await?;
    }
    record = job
        .update(|r| {
            r.size = Some(size);
            r.source_mtime_ns = Some(mtime);
        })
        .await?;

    // Our own hash runs beside the upload, reading from the page cache the sender fills.
    let local_hash = AbortOnDrop(tokio::spawn({
        let path = record.local_path.clone();
        async move { sha256_file(&path).await }
    }));

    let file_id = match record.file_id {
        Some(id) => id,
        None => match find_target(job, &record, size).await? {
            Some(id) => id,
            None => return Ok(Outcome::Skipped),
        },
    };
    let tus = TusEndpoint::rushes(job.api.clone())?;
    let caps = job
        .shared
        .capabilities(&tus, job.api.base_url().as_str())
        .await?;
    let file_meta = file_id.to_string();
    let metadata = [("file_id", file_meta.as_str())];

    let tuning = job.tuning().clone();
    let nearby = is_loopback(job.api.base_url()) && !tuning.parts_on_loopback;
    let split = caps.concatenation && size >= tuning.part_threshold && tuning.parts > 1 && !nearby;
    let mut parts = job.shared.store.parts(&job.id).await?;
    if parts.is_empty() {
        parts = plan(size, if split { tuning.parts } else { 1 });
        job.shared.store.set_parts(&job.id, &parts).await?;
    }
    job.meter.set(parts.iter().map(|p| p.done).sum());

    let ranges: Vec<Range> = parts
        .into_iter()
        .map(|part| Range {
            part,
            partial: split,
        })
        .collect();
    let sent = futures_util::future::try_join_all(ranges.into_iter().map(|range| {
        send_range(
            job,
            &tus,
            &caps,
            range,
            if split { &[][..] } else { &metadata[..] },
        )
    }))
    .await?;

    job.set_state(TransferState::Finalising).await?;
    if split {
        let paths: Vec<String> = sent.iter().map(|p| p.upload_path.clone()).collect();
        let final_path = tus
            .create(None, &metadata, super::tus::Creation::Final(&paths))
            .await?;
        job.update(|r| r.upload_path = Some(final_path)).await?;
    }

    job.set_state(TransferState::Verifying).await?;
    // One stream's last answer carries the server's hash of the finished file; otherwise (a
    // final concatenation, an older server) the file record says.
    let told = if split {
        None
    } else {
        sent.into_iter().next().and_then(|s| s.sha256)
    };
    let theirs = match told {
        Some(theirs) => theirs,
        None => {
            let file = job
                .api
                .file((record.project_id, record.folder_id, file_id))
                .await?;
            match (file.state, file.sha256) {
                (FileState::Ready, Some(theirs)) => theirs,
                _ => {
                    return Err(ClientError::Verification(format!(
                        "the server did not finish {} after all its bytes arrived",
                        record.name
                    )));
                }
            }
        }
    };
    let ours = local_hash.join().await?;
    if theirs != ours {
        return Err(ClientError::Verification(format!(
            "the server's copy of {} differs from the local file (SHA-256 {theirs} vs {ours}); \
             retry to send it again",
            record.name
        )));
    }
    job.meter.set(size);
    job.update(|r| {
        r.sha256 = Some(ours);
        r.done = size;
    })
    .await?;
    Ok(Outcome::Done)
}

/// True for a server on this machine (the local library, a server started beside the app).
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Splits `size` bytes into `n` parts of nearly equal length.
fn plan(size: u64, n: u32) -> Vec<Part> {
    let n = u64::from(n.max(1)).min(size.max(1));
    let base = size / n;
    let extra = size % n;
    let mut start = 0;
    (0..n)
        .map(|i| {
            let len = base + u64::from(i < extra);
            let part = Part {
                idx: u32::try_from(i).unwrap_or(u32::MAX),
                start,
                len,
                upload_path: None,
                done: 0,
            };
            start += len;
            part
        })
        .collect()
}

/// Finds or makes the file record the bytes go into; `None` when the person chose to skip
/// an existing file.
async fn find_target(job: &Job, record: &Record, size: u64) -> Result<Option<Id>, ClientError> {
    // Creating first and looking only when the name is taken saves a request per file, which
    // is most of the cost of a card of small files.
    let chosen: Option<(Id, String)> = match create(&job.api, record, &record.name, size).await {
        Ok(f) => Some((f.id, f.name)),
        Err(e) if is_name_taken(&e) => match file_named(&job.api, record, &record.name).await? {
            // A pending record has no bytes to lose; it is most likely ours from before a
            // crash (created, but the queue had not yet recorded its id).
            Some(f) if f.state == FileState::Pending => Some((f.id, f.name)),
            Some(f) => match record.on_conflict {
                OnConflict::Replace => Some((f.id, f.name)),
                OnConflict::Skip => None,
                OnConflict::KeepBoth => Some(create_free(job, record, size).await?),
            },
            // Taken by a folder of that name: only a new name helps.
            None => match record.on_conflict {
                OnConflict::KeepBoth => Some(create_free(job, record, size).await?),
                OnConflict::Skip => None,
                OnConflict::Replace => return Err(e),
            },
        },
        Err(e) => return Err(e),
    };
    let Some((id, name)) = chosen else {
        return Ok(None);
    };
    job.update(|r| {
        r.file_id = Some(id);
        r.name = name;
    })
    .await?;
    Ok(Some(id))
}

async fn create_free(job: &Job, record: &Record, size: u64) -> Result<(Id, String), ClientError> {
    for n in 2..MAX_NAME_TRIES {
        let name = numbered(&record.name, n);
        match create(&job.api, record, &name, size).await {
            Ok(f) => return Ok((f.id, f.name)),
            Err(e) if is_name_taken(&e) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(ClientError::Invalid(format!(
        "no free name like {} in the folder",
        record.name
    )))
}

async fn create(
    api: &ApiClient,
    record: &Record,
    name: &str,
    size: u64,
) -> Result<File, ClientError> {
    api.create_file(
        record.project_id,
        record.folder_id,
        &NewFile {
            name: name.to_owned(),
            size: i64::try_from(size).ok(),
            content_type: None,
        },
    )
    .await
}

fn is_name_taken(e: &ClientError) -> bool {
    matches!(e, ClientError::Api(env) if env.code == ErrorCode::NameTaken)
}

/// The file called exactly `name` in the transfer's folder, if any.
async fn file_named(
    api: &ApiClient,
    record: &Record,
    name: &str,
) -> Result<Option<File>, ClientError> {
    let query = ListQuery {
        name: Some(name.to_owned()),
        ..ListQuery::default()
    };
    let files = api
        .list_files(record.project_id, record.folder_id, &query)
        .await?;
    Ok(files.into_iter().find(|f| f.name == name))
}

/// Removes what a cancelled upload left at the server: its uploads and, if it never got its
/// bytes, its file record (best effort: the server expires abandoned uploads anyway).
pub(crate) async fn abandon(shared: &Shared, api: &ApiClient, record: &Record) {
    terminate_uploads(shared, api, record).await;
    // A record that never got its bytes would sit in the folder as a pending file; one that is
    // ready (a replace that was cancelled) keeps its old bytes.
    if let Some(id) = record.file_id {
        let file = (record.project_id, record.folder_id, id);
        if let Ok(f) = api.file(file).await {
            if f.state == FileState::Pending {
                let _ = api.delete_file(file).await;
            }
        }
    }
}

/// Ends the transfer's uploads at the server (a restart keeps the file record).
async fn terminate_uploads(shared: &Shared, api: &ApiClient, record: &Record) {
    let Ok(tus) = TusEndpoint::rushes(api.clone()) else {
        return;
    };
    let mut paths: Vec<String> = record.upload_path.iter().cloned().collect();
    if let Ok(parts) = shared.store.parts(&record.id).await {
        paths.extend(parts.into_iter().filter_map(|p| p.upload_path));
    }
    for path in paths {
        if let Err(e) = tus.terminate(&path).await {
            tracing::debug!(error = %e, "could not terminate an abandoned upload");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_servers_are_recognised() {
        for (url, want) in [
            ("http://127.0.0.1:8080/", true),
            ("http://localhost:1/", true),
            ("http://[::1]:9/", true),
            ("https://media.example.com/", false),
            ("http://10.0.0.2/", false),
        ] {
            assert_eq!(is_loopback(&url.parse().unwrap()), want, "{url}");
        }
    }

    #[test]
    fn plans_cover_the_file_exactly() {
        for (size, n) in [(0u64, 4u32), (1, 4), (10, 3), (1 << 30, 4)] {
            let parts = plan(size, n);
            let mut at = 0;
            for p in &parts {
                assert_eq!(p.start, at);
                at += p.len;
            }
            assert_eq!(at, size, "{size} in {n}");
        }
        assert_eq!(
            plan(10, 3).iter().map(|p| p.len).collect::<Vec<_>>(),
            [4, 3, 3]
        );
    }
}
