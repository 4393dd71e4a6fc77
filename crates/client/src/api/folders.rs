//! `/api/projects/{pid}/folders`.

use reqwest::Method;
use rushes_api::folders::{Folder, NewFolder};
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// The folders directly inside `parent` (the top of the project when `None`), all pages.
    pub async fn list_folders(
        &self,
        project: Id,
        parent: Option<Id>,
    ) -> Result<Vec<Folder>, ClientError> {
        let path = match parent {
            None => format!("projects/{project}/folders"),
            Some(f) => format!("projects/{project}/folders/{f}/children"),
        };
        self.all_pages(&path, &[]).await
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
}
