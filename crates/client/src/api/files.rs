//! `/api/projects/{pid}/folders/{fid}/files`.

use reqwest::{header, Method, StatusCode};
use rushes_api::files::{File, FileUpdate, NewFile};
use rushes_api::page::{ListQuery, Page};
use rushes_api::renditions::{RenditionKind, Waveform};
use rushes_api::Id;
use url::Url;

use super::http::{decode_plain, expect_success};
use super::ApiClient;
use crate::ClientError;

/// Where a file lives: project, folder, file.
pub type FileRef = (Id, Id, Id);

fn files_path(project: Id, folder: Id) -> String {
    format!("projects/{project}/folders/{folder}/files")
}

fn file_path((project, folder, id): FileRef) -> String {
    format!("{}/{id}", files_path(project, folder))
}

impl ApiClient {
    /// Every file in a folder, ordered and filtered, across all pages.
    pub async fn list_files(
        &self,
        project: Id,
        folder: Id,
        query: &ListQuery,
    ) -> Result<Vec<File>, ClientError> {
        self.all_pages(&files_path(project, folder), &query.pairs())
            .await
    }

    /// One page of the files in a folder.
    pub async fn files_page(
        &self,
        project: Id,
        folder: Id,
        query: &ListQuery,
        page: u32,
        per_page: u32,
    ) -> Result<Page<File>, ClientError> {
        let path = files_path(project, folder);
        self.one_page(&path, &query.pairs(), page, per_page).await
    }

    /// Creates the record an upload then fills.
    pub async fn create_file(
        &self,
        project: Id,
        folder: Id,
        new: &NewFile,
    ) -> Result<File, ClientError> {
        self.call(Method::POST, &files_path(project, folder), |r| r.json(new))
            .await
    }

    /// One file.
    pub async fn file(&self, file: FileRef) -> Result<File, ClientError> {
        self.call(Method::GET, &file_path(file), |r| r).await
    }

    /// Renames a file and/or moves it to another folder of its project.
    pub async fn update_file(
        &self,
        file: FileRef,
        update: &FileUpdate,
    ) -> Result<File, ClientError> {
        self.call(Method::PATCH, &file_path(file), |r| r.json(update))
            .await
    }

    /// Deletes a file and its bytes.
    pub async fn delete_file(&self, file: FileRef) -> Result<(), ClientError> {
        self.call_empty(Method::DELETE, &file_path(file), |r| r)
            .await
    }

    /// A signed, expiring URL for the file's bytes: what downloads and the player fetch.
    pub async fn download_url(&self, file: FileRef) -> Result<Url, ClientError> {
        self.signed_url(&format!("{}/download", file_path(file)))
            .await
    }

    /// A signed, expiring URL for the file's poster image.
    pub async fn poster_url(&self, file: FileRef) -> Result<Url, ClientError> {
        self.signed_url(&format!("{}/poster", file_path(file)))
            .await
    }

    /// A signed, expiring URL for the file's proxy: the H.264 MP4 the player loads when the
    /// original does not play in browsers. `404` until the proxy is ready.
    pub async fn proxy_url(&self, file: FileRef) -> Result<Url, ClientError> {
        self.signed_url(&format!("{}/proxy", file_path(file))).await
    }

    /// The file's waveform peaks, read from its signed URL here (the app's pages cannot fetch
    /// another origin's JSON). `404` until the waveform is ready.
    pub async fn waveform(&self, file: FileRef) -> Result<Waveform, ClientError> {
        let url = self
            .signed_url(&format!("{}/waveform", file_path(file)))
            .await?;
        // The signed URL is its own credential: no bearer token goes with it.
        let response = self.http().get(url).send().await?;
        decode_plain(response).await
    }

    /// Queues a failed media job again (editors); `409` when it has not failed.
    pub async fn retry_rendition(
        &self,
        file: FileRef,
        kind: RenditionKind,
    ) -> Result<File, ClientError> {
        let kind = match kind {
            RenditionKind::Probe => "probe",
            RenditionKind::Proxy => "proxy",
            RenditionKind::Waveform => "waveform",
        };
        let path = format!("{}/renditions/{kind}/retry", file_path(file));
        self.call(Method::POST, &path, |r| r).await
    }

    /// Follows nothing: reads the `Location` of the `302` the endpoint answers with.
    async fn signed_url(&self, path: &str) -> Result<Url, ClientError> {
        let response = self.send(Method::GET, path, |r| r).await?;
        if response.status() != StatusCode::FOUND {
            expect_success(response).await?;
            return Err(ClientError::Decode(format!("{path}: expected a redirect")));
        }
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ClientError::Decode(format!("{path}: redirect without Location")))?;
        Ok(self.base_url().join(location)?)
    }
}
