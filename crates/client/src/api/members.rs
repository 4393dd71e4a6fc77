//! `/api/projects/{pid}/members` and `/api/projects/{pid}/folders/{fid}/members`.
//!
//! Roles are taken away with `PUT {"role": null}` rather than `DELETE`, so every method
//! answers with the member as they are afterwards.

use reqwest::Method;
use rushes_api::members::{FolderMember, Member, RoleUpdate};
use rushes_api::roles::Role;
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// Everyone with a role in the project, all pages.
    pub async fn project_members(&self, project: Id) -> Result<Vec<Member>, ClientError> {
        self.all_pages(&format!("projects/{project}/members"), &[])
            .await
    }

    /// Gives `user` `role` on the whole project, or takes their project role away (`None`).
    pub async fn set_project_role(
        &self,
        project: Id,
        user: Id,
        role: Option<Role>,
    ) -> Result<Member, ClientError> {
        let body = RoleUpdate { role };
        self.call(
            Method::PUT,
            &format!("projects/{project}/members/{user}"),
            |r| r.json(&body),
        )
        .await
    }

    /// Everyone with a role on the folder, with where it comes from, all pages.
    pub async fn folder_members(
        &self,
        project: Id,
        folder: Id,
    ) -> Result<Vec<FolderMember>, ClientError> {
        self.all_pages(&format!("projects/{project}/folders/{folder}/members"), &[])
            .await
    }

    /// Grants `user` `role` on the folder, or takes their grant there away (`None`). Answers
    /// with their role on the folder afterwards, if they still have one.
    pub async fn set_folder_role(
        &self,
        project: Id,
        folder: Id,
        user: Id,
        role: Option<Role>,
    ) -> Result<Option<FolderMember>, ClientError> {
        let body = RoleUpdate { role };
        self.call(
            Method::PUT,
            &format!("projects/{project}/folders/{folder}/members/{user}"),
            |r| r.json(&body),
        )
        .await
    }
}
