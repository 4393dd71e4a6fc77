//! ZIP downloads of a folder (`GET …/folders/{fid}/zip`) and of a selection
//! (`POST /api/projects/{pid}/zip`): checked with the real `unzip`, byte for byte; ZIP64 for a
//! file over 4 GiB (a sparse blob, so nothing writes 4 GiB); who sees what; a file that
//! disappears mid-stream; and the limits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::{Response, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use crate::common::{error, TestServer};
use crate::tus_client::{bytes, file_of, header, metadata, sha256_hex, Tus};

/// Uploads `content` as `name` into `folder` and returns the file id.
async fn upload(server: &TestServer, token: &str, folder: i64, name: &str, content: &[u8]) -> i64 {
    let tus = Tus::new(server, token);
    let meta = metadata(&[("folder_id", &folder.to_string()), ("filename", name)]);
    let url = tus.create_ok(content.len() as u64, &meta).await;
    if !content.is_empty() {
        tus.send_all(&url, content, 0, 1 << 20).await;
    }
    file_of(server, &url).await
}

/// A ready file of `size` bytes whose blob is a sparse file put straight into the media store
/// (reading it gives zeros; writing it costs nothing).
async fn sparse_file(
    server: &TestServer,
    token: &str,
    project: i64,
    folder: i64,
    name: &str,
    size: u64,
) -> i64 {
    let id = server.file(token, project, folder, name).await;
    let key = format!("zz/{id}-sparse");
    let path = server.dir.path().join("media").join(&key);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(&path).unwrap().set_len(size).unwrap();
    let pool = server.db().await;
    sqlx::query(
        "UPDATE files SET state = 'ready', size = $2, sha256 = $3, storage_key = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(size as i64)
    .bind("00".repeat(32))
    .bind(&key)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    id
}

fn folder_zip(project: i64, folder: i64) -> String {
    format!("api/projects/{project}/folders/{folder}/zip")
}

/// Streams the body into `path`, leaving holes where it is all zeros (so a 4 GiB archive of a
/// sparse file takes no space). Fails like the body does.
async fn save(mut res: Response, path: &Path) -> Result<u64, reqwest::Error> {
    let mut out = tokio::fs::File::create(path).await.unwrap();
    let mut len = 0u64;
    while let Some(chunk) = res.chunk().await? {
        if chunk.iter().all(|&b| b == 0) {
            out.seek(std::io::SeekFrom::Current(chunk.len() as i64))
                .await
                .unwrap();
        } else {
            out.write_all(&chunk).await.unwrap();
        }
        len += chunk.len() as u64;
    }
    out.set_len(len).await.unwrap();
    out.sync_all().await.unwrap();
    Ok(len)
}

/// `unzip` with `args`, asserting it succeeds; its standard output.
fn unzip(args: &[&str]) -> String {
    let out = Command::new("unzip")
        .args(args)
        .output()
        .expect("unzip is installed");
    assert!(
        out.status.success(),
        "unzip {args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The entry names of an archive, as `unzip -Z1` lists them.
fn names(archive: &Path) -> Vec<String> {
    let mut names: Vec<String> = unzip(&["-Z1", archive.to_str().unwrap()])
        .lines()
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

/// Every file below `dir` (relative path → SHA-256), and every directory (→ "dir").
fn tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, at: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(at).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            if path.is_dir() {
                out.insert(format!("{rel}/"), "dir".into());
                walk(root, &path, out);
            } else {
                out.insert(
                    rel,
                    hex::encode(Sha256::digest(std::fs::read(&path).unwrap())),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[tokio::test]
async fn a_folder_downloads_as_a_zip_that_unzip_verifies_byte_for_byte() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let project = server.project(&token, "Shoot").await;
    let shoot = server.folder(&token, project, None, "Tournage d'été").await;
    let day = server.folder(&token, project, Some(shoot), "Day 01").await;
    let cam = server.folder(&token, project, Some(day), "A-cam").await;
    server
        .folder(&token, project, Some(day), "Empty folder")
        .await;
    let big = bytes(3 << 20);
    let mid = bytes((1 << 20) + 17);
    upload(&server, &token, cam, "A001.mov", &big).await;
    upload(&server, &token, day, "Été – 日本語.wav", &mid).await;
    upload(&server, &token, shoot, "empty.txt", b"").await;
    upload(&server, &token, shoot, "notes.txt", b"slate 1, take 3\n").await;
    // Still uploading: not part of the archive.
    server.file(&token, project, cam, "A002.mov").await;

    let res = server.get(&token, &folder_zip(project, shoot)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "application/zip");
    assert_eq!(
        header(&res, "content-disposition"),
        "attachment; filename=\"Tournage d'_t_.zip\"; filename*=UTF-8''Tournage%20d%27%C3%A9t%C3%A9.zip"
    );
    assert!(res.headers().get("content-length").is_none());
    assert_eq!(header(&res, "transfer-encoding"), "chunked");

    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("shoot.zip");
    save(res, &archive).await.unwrap();
    unzip(&["-t", "-q", archive.to_str().unwrap()]);
    let out = work.path().join("out");
    unzip(&["-q", archive.to_str().unwrap(), "-d", out.to_str().unwrap()]);
    let want: BTreeMap<String, String> = [
        ("Day 01/", "dir".to_owned()),
        ("Day 01/A-cam/", "dir".to_owned()),
        ("Day 01/A-cam/A001.mov", sha256_hex(&big)),
        ("Day 01/Empty folder/", "dir".to_owned()),
        ("Day 01/Été – 日本語.wav", sha256_hex(&mid)),
        ("empty.txt", sha256_hex(b"")),
        ("notes.txt", sha256_hex(b"slate 1, take 3\n")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(tree(&out), want);
}

#[tokio::test]
async fn a_selection_puts_files_and_folders_at_the_top_and_names_never_collide() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let project = server.project(&token, "Shoot").await;
    let a = server.folder(&token, project, None, "A").await;
    let b = server.folder(&token, project, None, "B").await;
    let inner = server.folder(&token, project, Some(b), "Inner").await;
    let one = upload(&server, &token, a, "take.mov", b"from A").await;
    let two = upload(&server, &token, inner, "take.mov", b"from B").await;

    let res = server
        .post(
            &token,
            &format!("api/projects/{project}/zip"),
            json!({ "files": [one, two], "folders": [b] }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-disposition").contains("filename=\"Shoot.zip\""));
    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("s.zip");
    save(res, &archive).await.unwrap();
    unzip(&["-t", "-q", archive.to_str().unwrap()]);
    assert_eq!(
        names(&archive),
        [
            "B/",
            "B/Inner/",
            "B/Inner/take.mov",
            "take (2).mov",
            "take.mov"
        ]
    );

    let empty = server
        .post(&token, &format!("api/projects/{project}/zip"), json!({}))
        .await;
    error(empty, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn a_folder_grant_downloads_only_that_part_and_others_stay_hidden() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let project = server.project(&admin, "Shoot").await;
    let shoot = server.folder(&admin, project, None, "Shoot").await;
    let day1 = server.folder(&admin, project, Some(shoot), "Day 01").await;
    let day2 = server.folder(&admin, project, Some(shoot), "Day 02").await;
    let secret = upload(&server, &admin, day1, "secret.mov", b"not yours").await;
    upload(&server, &admin, day2, "b.mov", b"yours").await;
    upload(&server, &admin, shoot, "top.txt", b"not yours either").await;
    let commenter = server.user_token("commenter@rushes.test").await;
    server
        .grant_folder(day2, "commenter@rushes.test", "commenter")
        .await;

    let res = server.get(&commenter, &folder_zip(project, shoot)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("part.zip");
    save(res, &archive).await.unwrap();
    unzip(&["-t", "-q", archive.to_str().unwrap()]);
    assert_eq!(names(&archive), ["Day 02/", "Day 02/b.mov"]);

    // A folder or file they cannot see is a 404, alone or in a selection.
    let hidden = server.get(&commenter, &folder_zip(project, day1)).await;
    error(hidden, StatusCode::NOT_FOUND, "not_found").await;
    let path = format!("api/projects/{project}/zip");
    for body in [
        json!({ "folders": [day1] }),
        json!({ "files": [secret] }),
        json!({ "folders": [day2], "files": [secret] }),
    ] {
        let res = server.post(&commenter, &path, body.clone()).await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }

    // Another user's project does not exist for them.
    let outsider = server.user_token("outsider@rushes.test").await;
    let res = server.get(&outsider, &folder_zip(project, shoot)).await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = server
        .post(&outsider, &path, json!({ "folders": [shoot] }))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_file_deleted_during_the_stream_ends_the_download_with_an_error() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let project = server.project(&token, "Shoot").await;
    let folder = server.folder(&token, project, None, "Day 01").await;
    // Far more than the socket buffers hold, so the server is still on it when b goes.
    sparse_file(&server, &token, project, folder, "a.bin", 256 << 20).await;
    let b = upload(&server, &token, folder, "b.bin", b"going, going").await;

    let mut res = server.get(&token, &folder_zip(project, folder)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.chunk().await.unwrap().is_some());
    let gone = server
        .send(
            reqwest::Method::DELETE,
            &token,
            &format!("api/projects/{project}/folders/{folder}/files/{b}"),
            None,
        )
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);

    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("cut.zip");
    let result = save(res, &archive).await;
    assert!(result.is_err(), "the body must fail, not end: {result:?}");
    let out = Command::new("unzip")
        .args(["-t", "-q", archive.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "what arrived is not a valid archive");
}

#[tokio::test]
async fn more_entries_than_one_archive_may_hold_is_422_before_anything_is_sent() {
    let server = TestServer::start_with(|c| c.zip.max_entries = 3).await;
    let token = server.admin_token().await;
    let project = server.project(&token, "Shoot").await;
    let folder = server.folder(&token, project, None, "Day 01").await;
    let mut ids = Vec::new();
    for name in ["1", "2", "3", "4"] {
        ids.push(sparse_file(&server, &token, project, folder, name, 10).await);
    }
    let res = server.get(&token, &folder_zip(project, folder)).await;
    let body = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(
        format!("{:?}", body.error).contains("at most 3 files and folders"),
        "{:?}",
        body.error
    );
    let res = server
        .post(
            &token,
            &format!("api/projects/{project}/zip"),
            json!({ "files": ids }),
        )
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    // Three fit.
    let res = server
        .post(
            &token,
            &format!("api/projects/{project}/zip"),
            json!({ "files": &ids[..3] }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_fifth_parallel_stream_of_one_user_is_429_until_one_ends() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let project = server.project(&token, "Shoot").await;
    let folder = server.folder(&token, project, None, "Day 01").await;
    sparse_file(&server, &token, project, folder, "big.bin", 1 << 30).await;
    let path = folder_zip(project, folder);

    // Four streams whose bodies nobody reads: each stays open.
    let mut open = Vec::new();
    for _ in 0..4 {
        let res = server.get(&token, &path).await;
        assert_eq!(res.status(), StatusCode::OK);
        open.push(res);
    }
    let fifth = server.get(&token, &path).await;
    assert_eq!(header(&fifth, "retry-after"), "5");
    error(fifth, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

    // Another user is not held up by them.
    let other = server.user_token("viewer@rushes.test").await;
    server.grant(project, "viewer@rushes.test", "viewer").await;
    let res = server.get(&other, &path).await;
    assert_eq!(res.status(), StatusCode::OK);
    drop(res);

    // Closing one frees its slot.
    drop(open.pop());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let res = server.get(&token, &path).await;
        if res.status() == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "the slot never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A file of 4 GiB + 1 byte goes into a ZIP64 archive that `unzip` verifies (its CRC over all
/// 4 GiB of zeros, read from a sparse blob). About a minute in a debug build, and 4 GiB of
/// temporary disk for the archive; `.config/nextest.toml` gives it the time.
#[tokio::test]
async fn a_file_over_4_gib_is_zip64_and_unzip_verifies_it() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let project = server.project(&token, "Shoot").await;
    let folder = server.folder(&token, project, None, "Day 01").await;
    let size: u64 = (4 << 30) + 1;
    sparse_file(&server, &token, project, folder, "huge.mov", size).await;
    upload(&server, &token, folder, "after.txt", b"after the big one").await;

    let started = Instant::now();
    let res = server.get(&token, &folder_zip(project, folder)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let work = tempfile::tempdir().unwrap();
    let archive: PathBuf = work.path().join("huge.zip");
    let len = save(res, &archive).await.unwrap();
    eprintln!("streamed {len} bytes in {:?}", started.elapsed());
    assert!(len > size);
    unzip(&["-t", "-q", archive.to_str().unwrap()]);
    let listing = unzip(&["-l", archive.to_str().unwrap()]);
    assert!(listing.contains("4294967297"), "{listing}");
    assert!(listing.contains("after.txt"), "{listing}");
}
