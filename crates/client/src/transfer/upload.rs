//! An upload job: find or make the remote file record, send the bytes over tus (in parallel
//! partial uploads joined by concatenation when the file is large), and compare the server's
//! SHA-256 with ours.
//!
//! Every step starts from the queue database and the server's answer to `HEAD`, never from
//! memory, so running the job again after any interruption sends only what the server does not
//! have yet.

use rushes_api::crash_point::crash_point;
use rushes_api::error::ErrorCode;
use rushes_api::files::{File, FileState, NewFile};
use rushes_api::page::ListQuery;
use rushes_api::transfers::{OnConflict, TransferState};
use rushes_api::versions::NewVersion;
use rushes_api::Id;

use super::job::{Job, Outcome};
use super::names::numbered;
use super::source::{fingerprint, sha256_file, AbortOnDrop};
use super::store::{Part, Record, Store};
use super::tus::TusEndpoint;
use super::tus_send::{send_range, Range};
use crate::{ApiClient, ClientError};

/// Attempts at a free "keep both" name before giving up.
const MAX_NAME_TRIES: u32 = 1000;

/// How often one run may find its target record gone or taken and look for another.
const MAX_RETARGETS: u32 = 3;

/// The record the bytes go into.
#[derive(Debug, Clone, Copy)]
struct Target {
    file_id: Id,
    /// The person chose to replace an existing file's bytes. Otherwise the record is a pending
    /// one this transfer made, and the server is told to write into nothing else
    /// (`expect_pending`), whatever became of the id since.
    replace: bool,
}

pub(crate) async fn run(job: &Job) -> Result<Outcome, ClientError> {
    let mut record = job.record()?;
    let (size, mtime) = fingerprint(&record.local_path).await?;
    if record.source_mtime_ns.is_some()
        && (record.size != Some(size) || record.source_mtime_ns != Some(mtime))
    {
        tracing::info!(transfer = %job.id, "the source changed since the upload began; starting over");
        forget_sent(job, &record).await?;
    }
    record = job
        .update(|r| {
            r.size = Some(size);
            r.source_mtime_ns = Some(mtime);
        })
        .await?;

    // Our own hash runs beside the upload, reading from the page cache the sender fills.
    let mut local_hash = LocalHash::start(&record.local_path);
    let mut retargets = 0;
    loop {
        let target = match record.file_id {
            Some(file_id) => Target {
                file_id,
                replace: false,
            },
            None => match find_target(job, &record, size).await? {
                Some(target) => target,
                None => return Ok(Outcome::Skipped),
            },
        };
        let theirs = match send(job, &record, target, size).await {
            Ok(theirs) => theirs,
            Err(e) if retargets < MAX_RETARGETS && (is_not_pending(&e) || is_gone(&e)) => {
                retargets += 1;
                // The record already has bytes (ours, from a run that died before it heard
                // back, or someone else's), or it is gone.
                if is_not_pending(&e) && holds(job, &record, target, &mut local_hash).await? {
                    return done(job, size, local_hash.value().await?).await;
                }
                tracing::info!(transfer = %job.id, error = %e, "the target record changed; finding another");
                forget_sent(job, &record).await?;
                record = job.update(|r| r.file_id = None).await?;
                continue;
            }
            Err(e) => return Err(e),
        };
        let ours = local_hash.value().await?;
        if theirs != ours {
            return Err(ClientError::Verification(format!(
                "the server's copy of {} differs from the local file (SHA-256 {theirs} vs {ours}); \
                 retry to send it again",
                record.name
            )));
        }
        return done(job, size, ours).await;
    }
}

/// Sends the bytes into `target` and returns the SHA-256 the server computed of them.
async fn send(
    job: &Job,
    record: &Record,
    target: Target,
    size: u64,
) -> Result<String, ClientError> {
    let tus = TusEndpoint::rushes(job.api.clone())?;
    let caps = job
        .resources
        .capabilities(&tus, job.api.base_url().as_str())
        .await?;
    let file_meta = target.file_id.to_string();
    let mut metadata = vec![("file_id", file_meta.as_str())];
    if !target.replace {
        metadata.push(("expect_pending", "1"));
    }

    let tuning = job.tuning().clone();
    let nearby = is_loopback(job.api.base_url()) && !tuning.parts_on_loopback;
    let split = caps.concatenation && size >= tuning.part_threshold && tuning.parts > 1 && !nearby;
    let mut parts = job.resources.store.parts(&job.id).await?;
    if parts.is_empty() {
        parts = plan(size, if split { tuning.parts } else { 1 });
        job.resources.store.set_parts(&job.id, &parts).await?;
    }
    // A plan made in parts is kept in parts (and one stream as one), whatever the tuning now.
    let split = parts.len() > 1;
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
    if let Some(theirs) = told {
        return Ok(theirs);
    }
    let file = job
        .api
        .file((record.project_id, record.folder_id, target.file_id))
        .await?;
    match (file.state, file.sha256) {
        (FileState::Ready, Some(theirs)) => Ok(theirs),
        _ => Err(ClientError::Verification(format!(
            "the server did not finish {} after all its bytes arrived",
            record.name
        ))),
    }
}

/// Records a verified upload.
async fn done(job: &Job, size: u64, sha256: String) -> Result<Outcome, ClientError> {
    job.meter.set(size);
    job.update(|r| {
        r.sha256 = Some(sha256);
        r.done = size;
    })
    .await?;
    Ok(Outcome::Done)
}

/// Whether the target record, which refused more bytes, already holds exactly the source's.
async fn holds(
    job: &Job,
    record: &Record,
    target: Target,
    local_hash: &mut LocalHash,
) -> Result<bool, ClientError> {
    let file = match job
        .api
        .file((record.project_id, record.folder_id, target.file_id))
        .await
    {
        Ok(file) => file,
        Err(e) if is_gone(&e) => return Ok(false),
        Err(e) => return Err(e),
    };
    if file.state != FileState::Ready {
        return Ok(false);
    }
    Ok(file.sha256.as_deref() == Some(local_hash.value().await?.as_str()))
}

/// Ends what was sent of this transfer at the server and forgets it, so the next attempt
/// starts from byte 0 (a changed source, a target record that is gone).
async fn forget_sent(job: &Job, record: &Record) -> Result<(), ClientError> {
    terminate_uploads(&job.resources.store, &job.api, record).await;
    job.resources.store.set_parts(&job.id, &[]).await?;
    job.meter.set(0);
    job.update(|r| {
        r.upload_path = None;
        r.done = 0;
        r.sha256 = None;
    })
    .await
    .map(drop)
}

/// The source's SHA-256, computed once beside the upload and asked for when needed.
struct LocalHash {
    task: Option<AbortOnDrop<Result<String, ClientError>>>,
    value: Option<String>,
}

impl LocalHash {
    fn start(path: &std::path::Path) -> Self {
        let path = path.to_owned();
        Self {
            task: Some(AbortOnDrop(tokio::spawn(async move {
                sha256_file(&path).await
            }))),
            value: None,
        }
    }

    async fn value(&mut self) -> Result<String, ClientError> {
        if let Some(task) = self.task.take() {
            self.value = Some(task.join().await?);
        }
        self.value
            .clone()
            .ok_or_else(|| ClientError::Queue("the source's hash was lost".into()))
    }
}

fn is_not_pending(e: &ClientError) -> bool {
    matches!(e, ClientError::Api(env) if env.code == ErrorCode::NotPending)
}

/// The record (or the folder it would be made in) is gone at the server.
fn is_gone(e: &ClientError) -> bool {
    matches!(e.http_status(), Some(404))
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
///
/// Every name is written to the queue *before* the record is made at the server, so a run
/// killed in between finds its own pending record under that name next time and takes it
/// over, instead of leaving it behind and making another.
async fn find_target(job: &Job, record: &Record, size: u64) -> Result<Option<Target>, ClientError> {
    let mut me = None;
    if let Some(entry) = record.version_of {
        let target = version_of_file(job, record, entry, size, &mut me).await?;
        job.update(|r| r.file_id = Some(target.file_id)).await?;
        return Ok(Some(target));
    }
    // Creating first and looking only when the name is taken saves a request per file, which
    // is most of the cost of a card of small files.
    let first = record.name.clone();
    let chosen = match claim(job, record, &first, size, &mut me).await? {
        Claim::Made(id) => Some(Target {
            file_id: id,
            replace: false,
        }),
        Claim::Taken(existing) => match (record.on_conflict, existing) {
            (OnConflict::Skip, _) => None,
            (OnConflict::Replace, Some(f)) => Some(Target {
                file_id: f.id,
                replace: true,
            }),
            (OnConflict::NewVersion, Some(f)) => {
                Some(next_version(job, record, &f, size, &mut me).await?)
            }
            // Taken by a folder of that name: only a new name helps.
            (OnConflict::Replace | OnConflict::NewVersion, None) => {
                return Err(ClientError::Invalid(format!(
                    "a folder called {first} is where the file would go"
                )))
            }
            (OnConflict::KeepBoth, _) => Some(Target {
                file_id: claim_free(job, record, size, &mut me).await?,
                replace: false,
            }),
        },
    };
    if let Some(target) = chosen {
        job.update(|r| r.file_id = Some(target.file_id)).await?;
    }
    Ok(chosen)
}

/// What trying a name gave.
enum Claim {
    /// A pending record of ours under that name, made now or by an earlier run.
    Made(Id),
    /// The name is someone else's: a file (given) or a folder.
    Taken(Option<Box<File>>),
}

/// Writes `name` down as the transfer's name, then makes the record, or finds our own pending
/// record under that name.
async fn claim(
    job: &Job,
    record: &Record,
    name: &str,
    size: u64,
    me: &mut Option<Id>,
) -> Result<Claim, ClientError> {
    if record.name != name {
        job.update(|r| r.name = name.to_owned()).await?;
    }
    match create(&job.api, record, name, size).await {
        Ok(f) => {
            crash_point("upload.created");
            Ok(Claim::Made(f.id))
        }
        Err(e) if is_name_taken(&e) => {
            let existing = file_named(&job.api, record, name).await?;
            if let Some(f) = &existing {
                if f.state == FileState::Pending && f.created_by == Some(my_id(job, me).await?) {
                    // Ours from before a crash: no bytes to lose, and nobody else's.
                    return Ok(Claim::Made(f.id));
                }
            }
            Ok(Claim::Taken(existing.map(Box::new)))
        }
        Err(e) => Err(e),
    }
}

/// "Keep both": the first free numbered name after the asked one.
async fn claim_free(
    job: &Job,
    record: &Record,
    size: u64,
    me: &mut Option<Id>,
) -> Result<Id, ClientError> {
    for n in 2..MAX_NAME_TRIES {
        let name = numbered(&record.asked_name, n);
        if let Claim::Made(id) = claim(job, record, &name, size, me).await? {
            return Ok(id);
        }
    }
    Err(ClientError::Invalid(format!(
        "no free name like {} in the folder",
        record.asked_name
    )))
}

/// "Upload as a new version of this file": the next version of the entry `entry` belongs to,
/// which keeps its name (the transfer takes it on, so the queue shows what it adds to).
async fn version_of_file(
    job: &Job,
    record: &Record,
    entry: Id,
    size: u64,
    me: &mut Option<Id>,
) -> Result<Target, ClientError> {
    let file = job
        .api
        .file((record.project_id, record.folder_id, entry))
        .await?;
    if record.name != file.name {
        job.update(|r| r.name = file.name.clone()).await?;
    }
    next_version(job, record, &file, size, me).await
}

/// The pending version the bytes go into: ours from a run that died after the server made it
/// but before the queue heard of its id, or a new one.
///
/// Unlike a name, a version cannot be written down before it exists, so the entry's versions
/// are read first: a pending one this account made is taken over rather than left behind with
/// another made beside it (which would show as two versions once both got bytes).
async fn next_version(
    job: &Job,
    record: &Record,
    entry: &File,
    size: u64,
    me: &mut Option<Id>,
) -> Result<Target, ClientError> {
    let entry_ref = (record.project_id, entry.folder_id, entry.id);
    let versions = job.api.list_versions(entry_ref).await?;
    if versions.iter().any(|v| v.state == FileState::Pending) {
        let mine = my_id(job, me).await?;
        // Another transfer of this queue filling its own version (two files of one name
        // dropped with "new version") is not a leftover.
        let held: std::collections::HashSet<Id> = job
            .resources
            .store
            .load()
            .await?
            .into_iter()
            .filter(|r| r.id != job.id)
            .filter_map(|r| r.file_id)
            .collect();
        if let Some(v) = versions.iter().find(|v| {
            v.state == FileState::Pending && v.created_by == Some(mine) && !held.contains(&v.id)
        }) {
            return Ok(Target {
                file_id: v.id,
                replace: false,
            });
        }
    }
    let made = job
        .api
        .create_version(
            entry_ref,
            &NewVersion {
                size: i64::try_from(size).ok(),
                content_type: None,
            },
        )
        .await?;
    crash_point("upload.version_created");
    Ok(Target {
        file_id: made.id,
        replace: false,
    })
}

/// The signed-in user's id, asked once per target search.
async fn my_id(job: &Job, me: &mut Option<Id>) -> Result<Id, ClientError> {
    if let Some(id) = *me {
        return Ok(id);
    }
    let id = job.api.me().await?.id;
    *me = Some(id);
    Ok(id)
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
pub(crate) async fn abandon(store: &Store, api: &ApiClient, record: &Record) {
    terminate_uploads(store, api, record).await;
    // A record that never got its bytes would sit in the folder as a pending file; one that is
    // ready (a replace that was cancelled) keeps its old bytes.
    if let Some(id) = record.file_id {
        let file = (record.project_id, record.folder_id, id);
        if let Ok(f) = api.file(file).await {
            if f.state == FileState::Pending {
                // A pending later version goes alone; its entry's other versions stay.
                let _ = if f.version > 1 {
                    api.delete_version(file).await
                } else {
                    api.delete_file(file).await
                };
            }
        }
    }
}

/// Ends the transfer's uploads at the server (a restart keeps the file record).
async fn terminate_uploads(store: &Store, api: &ApiClient, record: &Record) {
    let Ok(tus) = TusEndpoint::rushes(api.clone()) else {
        return;
    };
    let mut paths: Vec<String> = record.upload_path.iter().cloned().collect();
    if let Ok(parts) = store.parts(&record.id).await {
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
