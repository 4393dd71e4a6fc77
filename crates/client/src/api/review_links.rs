//! `/api/projects/{pid}/review-links`: links to a folder or a file for people without an
//! account. The token is in the creation answer's URL only, once.

use reqwest::Method;
use rushes_api::review_links::{CreatedReviewLink, NewReviewLink, ReviewLink};
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// The project's review links the caller may see, revoked ones included, all pages.
    pub async fn review_links(&self, project: Id) -> Result<Vec<ReviewLink>, ClientError> {
        self.all_pages(&format!("projects/{project}/review-links"), &[])
            .await
    }

    /// Makes a link; its URL (with the token) is in the answer and never shown again.
    pub async fn create_review_link(
        &self,
        project: Id,
        new: &NewReviewLink,
    ) -> Result<CreatedReviewLink, ClientError> {
        self.call(
            Method::POST,
            &format!("projects/{project}/review-links"),
            |r| r.json(new),
        )
        .await
    }

    /// Revokes a link: it stops working at once, and stays listed as revoked.
    pub async fn revoke_review_link(&self, project: Id, link: Id) -> Result<(), ClientError> {
        self.call_empty(
            Method::DELETE,
            &format!("projects/{project}/review-links/{link}"),
            |r| r,
        )
        .await
    }
}
