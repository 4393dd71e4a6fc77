//! Content for end-to-end tests and screenshots, put on the app's local library the way other
//! programs would: through its HTTP API with a key of the library's owner, and media through
//! the tus endpoint (`/uploads`), as any tus client uploads.
//!
//! Shared by the end-to-end tests and the screenshot command (`examples/screenshot.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rushes_api::files::File;
use rushes_api::Id;
use rushes_client::api::http_client;
use rushes_client::{ApiClient, Secret, TokenSource};
use url::Url;

/// The owner of every local library.
pub const OWNER: &str = "library@rushes.invalid";

/// A test's own way into the app's library: the typed client and a bearer token for tus.
pub struct Library {
    pub api: ApiClient,
    pub base: Url,
    token: String,
}

impl Library {
    /// Signs in to the library at `url` (its data in `data_dir`) with a new key for its owner.
    pub async fn open(url: &str, data_dir: &Path) -> Result<Self, String> {
        let key = rushes_server::offline::create_api_key(data_dir, OWNER, "Automation")
            .await
            .map_err(|e| format!("could not make a key for the library: {e}"))?;
        let base: Url = url.parse().map_err(|e| format!("{url}: {e}"))?;
        let http = http_client().map_err(|e| e.to_string())?;
        let token = exchange(&http, &base, &key.secret).await?;
        let tokens = TokenSource::from_api_key(http.clone(), base.clone(), Secret::new(key.secret));
        let api = ApiClient::new(http, base.clone(), Arc::new(tokens));
        Ok(Self { api, base, token })
    }

    /// The id of the project named `name`.
    pub async fn project_id(&self, name: &str) -> Result<Id, String> {
        let projects = self.api.list_projects().await.map_err(|e| e.to_string())?;
        projects
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.id)
            .ok_or_else(|| format!("no project {name:?} on the library"))
    }

    /// The id of the folder named `name` at the top of `project`.
    pub async fn folder_id(&self, project: Id, name: &str) -> Result<Id, String> {
        let folders = self
            .api
            .list_folders(project, None)
            .await
            .map_err(|e| e.to_string())?;
        folders
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.id)
            .ok_or_else(|| format!("no folder {name:?} in project {project}"))
    }

    /// Uploads `path` into `folder` as `name` with one tus creation-with-upload request, and
    /// waits until the file is ready (and, for media, probed: it has a frame count).
    pub async fn upload(
        &self,
        project: Id,
        folder: Id,
        path: &Path,
        name: &str,
    ) -> Result<File, String> {
        let metadata = [("folder_id", folder.to_string()), ("filename", name.into())];
        self.send_whole(path, &metadata, name).await?;
        self.wait_until_probed(project, folder, name).await
    }

    /// Uploads `path` as the next version of the entry of file `of`, and waits until that
    /// version is ready and probed.
    #[allow(dead_code)] // The screenshot command uses it; the tests drop versions in the app.
    pub async fn upload_version(
        &self,
        project: Id,
        folder: Id,
        of: Id,
        path: &Path,
    ) -> Result<File, String> {
        let made = self
            .api
            .create_version((project, folder, of), &Default::default())
            .await
            .map_err(|e| e.to_string())?;
        let metadata = [
            ("file_id", made.id.to_string()),
            ("expect_pending", String::new()),
        ];
        self.send_whole(path, &metadata, &format!("version {}", made.version))
            .await?;
        let name = made.name.clone();
        let head = self.wait_until_probed(project, folder, &name).await?;
        if head.id == made.id {
            Ok(head)
        } else {
            Err(format!(
                "version {} did not become the entry's head",
                made.version
            ))
        }
    }

    /// Sends the whole of `path` in one tus creation-with-upload request with `metadata`;
    /// `what` names it in errors.
    async fn send_whole(
        &self,
        path: &Path,
        metadata: &[(&str, String)],
        what: &str,
    ) -> Result<(), String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let metadata = metadata
            .iter()
            .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
            .collect::<Vec<_>>()
            .join(",");
        let response = reqwest::Client::new()
            .post(self.base.join("uploads").map_err(|e| e.to_string())?)
            .bearer_auth(&self.token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", bytes.len().to_string())
            .header("Upload-Metadata", metadata)
            .header("Content-Type", "application/offset+octet-stream")
            .body(bytes)
            .send()
            .await
            .map_err(|e| format!("upload of {what}: {e}"))?;
        if response.status() != reqwest::StatusCode::CREATED {
            return Err(format!(
                "upload of {what}: the server answered {}",
                response.status()
            ));
        }
        Ok(())
    }

    async fn wait_until_probed(&self, project: Id, folder: Id, name: &str) -> Result<File, String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let files = self
                .api
                .list_files(project, folder, &Default::default())
                .await
                .map_err(|e| e.to_string())?;
            if let Some(file) = files.into_iter().find(|f| f.name == name) {
                let metadata = self
                    .api
                    .file_metadata((project, folder, file.id))
                    .await
                    .map_err(|e| e.to_string())?;
                let media = file.content_type.starts_with("video/");
                let probed = metadata.technical.and_then(|t| t.frames).is_some();
                if file.state == rushes_api::files::FileState::Ready && (!media || probed) {
                    return Ok(file);
                }
            }
            if Instant::now() > deadline {
                return Err(format!("{name} was not ready and probed within a minute"));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// Exchanges an API key for an access token at `/auth/api-key`, as scripts do.
async fn exchange(http: &reqwest::Client, base: &Url, key: &str) -> Result<String, String> {
    let url = base.join("auth/api-key").map_err(|e| e.to_string())?;
    let answer: serde_json::Value = http
        .post(url)
        .json(&serde_json::json!({ "apiKey": key }))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    answer["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no access token in {answer}"))
}

/// Makes an H.264 test clip (ffmpeg's test pattern with a moving frame counter) of `seconds`
/// at 25 fps, 320×240, in `dir`.
#[allow(dead_code)] // The tests use it; the screenshot command makes its own clips.
pub fn test_clip(dir: &Path, seconds: u32) -> Result<PathBuf, String> {
    clip(
        dir,
        "clip.mp4",
        &format!("testsrc=duration={seconds}:size=320x240:rate=25"),
    )
}

/// Encodes the ffmpeg `lavfi` source `source` (e.g. `smptehdbars=duration=3:size=640x360`) to
/// H.264 in MP4 as `dir/name`.
pub fn clip(dir: &Path, name: &str, source: &str) -> Result<PathBuf, String> {
    let out = dir.join(name);
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", source])
        .args([
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
        ])
        .arg(&out)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("could not run ffmpeg ({e}); run scripts/setup-system.sh"))?;
    if !status.success() {
        return Err(format!("ffmpeg failed on {source}: {status}"));
    }
    Ok(out)
}
