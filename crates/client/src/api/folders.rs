//! `/api/projects/{pid}/folders`.

use reqwest::Method;
use rushes_api::folders::{Folder, FolderUpdate, NewFolder};
use rushes_api::page::{ListQuery, Page};
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

/// The list endpoint for the folders inside `parent` (the top of the project when `None`).
fn children_path(project: Id, parent: Option<Id>) -> String {
    match parent {
        None => format!("projects/{project}/folders"),
        Some(f) => format!("projects/{project}/folders/{f}/children"),
    }
}

impl ApiClient {
    /// The folders directly inside `parent` (the top of the project when `None`), all pages.
    pub async fn list_folders(
        &self,
        project: Id,
        parent: Option<Id>,
    ) -> Result<Vec<Folder>, ClientError> {
        self.all_pages(&children_path(project, parent), &[]).await
    }

    /// One page of the folders directly inside `parent`, ordered and filtered.
    pub async fn folders_page(
        &self,
        project: Id,
        parent: Option<Id>,
        query: &ListQuery,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Folder>, ClientError> {
        let path = children_path(project, parent);
        self.one_page(&path, &query.pairs(), page, per_page).await
    }

    /// Creates a folder inside `new.parent_id` (or at the top of the project).
    pub async fn create_folder(&self, project: Id, new: &NewFolder) -> Result<Folder, ClientError> {
        self.call(Method::POST, &format!("projects/{project}/folders"), |r| {
            r.json(new)
        })
        .await
    }

    /// One folder.
    pub async fn folder(&self, project: Id, id: Id) -> Result<Folder, ClientError> {
        self.call(
            Method::GET,
            &format!("projects/{project}/folders/{id}"),
            |r| r,
        )
        .await
    }

    /// Renames and/or moves a folder.
    pub async fn update_folder(
        &self,
        project: Id,
        id: Id,
        update: &FolderUpdate,
    ) -> Result<Folder, ClientError> {
        let path = format!("projects/{project}/folders/{id}");
        self.call(Method::PATCH, &path, |r| r.json(update)).await
    }

    /// Deletes a folder with everything below it.
    pub async fn delete_folder(&self, project: Id, id: Id) -> Result<(), ClientError> {
        let path = format!("projects/{project}/folders/{id}");
        self.call_empty(Method::DELETE, &path, |r| r).await
    }
}
