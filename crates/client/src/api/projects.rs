//! `/api/projects`.

use reqwest::Method;
use rushes_api::projects::{NewProject, Project};
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// Every project the caller can see, across all pages.
    pub async fn list_projects(&self) -> Result<Vec<Project>, ClientError> {
        self.all_pages("projects", &[]).await
    }

    /// Creates a project; the caller becomes its manager.
    pub async fn create_project(&self, new: &NewProject) -> Result<Project, ClientError> {
        self.call(Method::POST, "projects", |r| r.json(new)).await
    }

    /// One project.
    pub async fn project(&self, id: Id) -> Result<Project, ClientError> {
        self.call(Method::GET, &format!("projects/{id}"), |r| r)
            .await
    }
}
