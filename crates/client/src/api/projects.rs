//! `/api/projects`.

use reqwest::Method;
use rushes_api::page::{ListQuery, Page};
use rushes_api::projects::{NewProject, Project, ProjectUpdate};
use rushes_api::usage::StorageUsage;
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// Every project the caller can see, across all pages.
    pub async fn list_projects(&self) -> Result<Vec<Project>, ClientError> {
        self.all_pages("projects", &[]).await
    }

    /// One page of the projects the caller can see, ordered and filtered.
    pub async fn projects_page(
        &self,
        query: &ListQuery,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Project>, ClientError> {
        self.one_page("projects", &query.pairs(), page, per_page)
            .await
    }

    /// Creates a project; the caller becomes its manager.
    pub async fn create_project(&self, new: &NewProject) -> Result<Project, ClientError> {
        self.call(Method::POST, "projects", |r| r.json(new)).await
    }

    /// How much storage a project's files take on the server, and its per-project quota.
    pub async fn project_usage(&self, id: Id) -> Result<StorageUsage, ClientError> {
        self.call(Method::GET, &format!("projects/{id}/usage"), |r| r)
            .await
    }

    /// One project.
    pub async fn project(&self, id: Id) -> Result<Project, ClientError> {
        self.call(Method::GET, &format!("projects/{id}"), |r| r)
            .await
    }

    /// Renames a project or changes its description.
    pub async fn update_project(
        &self,
        id: Id,
        update: &ProjectUpdate,
    ) -> Result<Project, ClientError> {
        self.call(Method::PATCH, &format!("projects/{id}"), |r| r.json(update))
            .await
    }

    /// Deletes a project with everything in it.
    pub async fn delete_project(&self, id: Id) -> Result<(), ClientError> {
        self.call_empty(Method::DELETE, &format!("projects/{id}"), |r| r)
            .await
    }
}
