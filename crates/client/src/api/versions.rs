//! A file entry's versions (`.../files/{id}/versions`, `.../files/{id}/version`), each
//! version's approval status (`.../status`) and what the caller has seen of it (`.../seen`).

use reqwest::Method;
use rushes_api::approval::{ApprovalStatus, StatusUpdate};
use rushes_api::files::File;
use rushes_api::versions::NewVersion;

use super::{ApiClient, FileRef};
use crate::ClientError;

fn file_path((project, folder, file): FileRef) -> String {
    format!("projects/{project}/folders/{folder}/files/{file}")
}

impl ApiClient {
    /// Every version of the entry `file` belongs to (any version's id will do), newest first,
    /// pending ones included. One answer: the list is not paged.
    pub async fn list_versions(&self, file: FileRef) -> Result<Vec<File>, ClientError> {
        let path = format!("{}/versions", file_path(file));
        self.call(Method::GET, &path, |r| r).await
    }

    /// The pending record of the entry's next version. An upload fills it (tus metadata
    /// `file_id` of the answer, as for a new file's record); it becomes the entry's current
    /// version once its bytes are complete.
    pub async fn create_version(
        &self,
        file: FileRef,
        new: &NewVersion,
    ) -> Result<File, ClientError> {
        let path = format!("{}/versions", file_path(file));
        self.call(Method::POST, &path, |r| r.json(new)).await
    }

    /// Deletes this one version and its bytes; `409` when it is the entry's last.
    pub async fn delete_version(&self, file: FileRef) -> Result<(), ClientError> {
        let path = format!("{}/version", file_path(file));
        self.call_empty(Method::DELETE, &path, |r| r).await
    }

    /// Sets this version's approval status; the file as it is now.
    pub async fn set_status(
        &self,
        file: FileRef,
        status: ApprovalStatus,
    ) -> Result<File, ClientError> {
        let path = format!("{}/status", file_path(file));
        let body = StatusUpdate { status };
        self.call(Method::PUT, &path, |r| r.json(&body)).await
    }

    /// Records that the caller opened this version: its comments are no longer new to them.
    pub async fn mark_seen(&self, file: FileRef) -> Result<(), ClientError> {
        let path = format!("{}/seen", file_path(file));
        self.call_empty(Method::POST, &path, |r| r).await
    }
}
