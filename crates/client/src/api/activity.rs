//! What happened in a project (`/api/projects/{pid}/activity`), and what happened that concerns
//! the caller (`/api/me/activity`), which the app's notifications follow.

use reqwest::Method;
use rushes_api::activity::Activity;
use rushes_api::page::Page;
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// One page (from 1) of a project's activity, newest first.
    pub async fn project_activity(
        &self,
        project: Id,
        page: u32,
        per_page: u32,
    ) -> Result<Page<Activity>, ClientError> {
        self.one_page(&format!("projects/{project}/activity"), &[], page, per_page)
            .await
    }

    /// Others' comments and replies on what the caller uploaded or commented on: those after
    /// the entry `after`, oldest first, at most 100 per call; without `after`, the newest few.
    pub async fn my_activity(&self, after: Option<Id>) -> Result<Vec<Activity>, ClientError> {
        let query: Vec<(&str, String)> = after
            .map(|a| ("after", a.to_string()))
            .into_iter()
            .collect();
        self.call(Method::GET, "me/activity", |r| r.query(&query))
            .await
    }
}
