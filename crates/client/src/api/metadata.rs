//! `.../files/{id}/metadata` and `.../folders/{fid}/metadata`.

use reqwest::Method;
use rushes_api::metadata::{Metadata, MetadataPatch, MetadataReplace};
use rushes_api::Id;

use super::{ApiClient, FileRef};
use crate::ClientError;

fn file_path((project, folder, file): FileRef) -> String {
    format!("projects/{project}/folders/{folder}/files/{file}/metadata")
}

fn folder_path(project: Id, folder: Id) -> String {
    format!("projects/{project}/folders/{folder}/metadata")
}

impl ApiClient {
    /// A file's custom pairs and technical facts.
    pub async fn file_metadata(&self, file: FileRef) -> Result<Metadata, ClientError> {
        self.call(Method::GET, &file_path(file), |r| r).await
    }

    /// Replaces every custom pair of a file with `pairs`.
    pub async fn replace_file_metadata(
        &self,
        file: FileRef,
        pairs: &MetadataReplace,
    ) -> Result<Metadata, ClientError> {
        self.call(Method::PUT, &file_path(file), |r| r.json(pairs))
            .await
    }

    /// Sets (`Some`) and removes (`None`) custom pairs of a file, leaving the others.
    pub async fn patch_file_metadata(
        &self,
        file: FileRef,
        changes: &MetadataPatch,
    ) -> Result<Metadata, ClientError> {
        self.call(Method::PATCH, &file_path(file), |r| r.json(changes))
            .await
    }

    /// A folder's custom pairs (folders have no technical block).
    pub async fn folder_metadata(&self, project: Id, folder: Id) -> Result<Metadata, ClientError> {
        self.call(Method::GET, &folder_path(project, folder), |r| r)
            .await
    }

    /// Replaces every custom pair of a folder with `pairs`.
    pub async fn replace_folder_metadata(
        &self,
        project: Id,
        folder: Id,
        pairs: &MetadataReplace,
    ) -> Result<Metadata, ClientError> {
        self.call(Method::PUT, &folder_path(project, folder), |r| {
            r.json(pairs)
        })
        .await
    }

    /// Sets (`Some`) and removes (`None`) custom pairs of a folder, leaving the others.
    pub async fn patch_folder_metadata(
        &self,
        project: Id,
        folder: Id,
        changes: &MetadataPatch,
    ) -> Result<Metadata, ClientError> {
        self.call(Method::PATCH, &folder_path(project, folder), |r| {
            r.json(changes)
        })
        .await
    }
}
