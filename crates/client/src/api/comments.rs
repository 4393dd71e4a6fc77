//! `.../files/{id}/comments` and the replies under each comment.

use reqwest::Method;
use rushes_api::comments::{Comment, CommentUpdate, NewComment};
use rushes_api::Id;

use super::{ApiClient, FileRef};
use crate::ClientError;

fn comments_path((project, folder, file): FileRef) -> String {
    format!("projects/{project}/folders/{folder}/files/{file}/comments")
}

impl ApiClient {
    /// Every thread on a file (whole-file comments first, then by frame), replies inline.
    pub async fn list_comments(&self, file: FileRef) -> Result<Vec<Comment>, ClientError> {
        self.all_pages(&comments_path(file), &[]).await
    }

    /// Starts a thread on a file, on the whole file or on `frame..=frame_out`.
    pub async fn create_comment(
        &self,
        file: FileRef,
        new: &NewComment,
    ) -> Result<Comment, ClientError> {
        self.call(Method::POST, &comments_path(file), |r| r.json(new))
            .await
    }

    /// Answers the top-level comment `comment`.
    pub async fn reply_to_comment(
        &self,
        file: FileRef,
        comment: Id,
        body: &str,
    ) -> Result<Comment, ClientError> {
        let path = format!("{}/{comment}/comments", comments_path(file));
        let new = NewComment {
            body: body.to_owned(),
            ..NewComment::default()
        };
        self.call(Method::POST, &path, |r| r.json(&new)).await
    }

    /// Edits a comment (body and frames: its author only) or resolves its thread.
    pub async fn update_comment(
        &self,
        file: FileRef,
        comment: Id,
        change: &CommentUpdate,
    ) -> Result<Comment, ClientError> {
        let path = format!("{}/{comment}", comments_path(file));
        self.call(Method::PATCH, &path, |r| r.json(change)).await
    }

    /// Deletes a comment and its replies.
    pub async fn delete_comment(&self, file: FileRef, comment: Id) -> Result<(), ClientError> {
        let path = format!("{}/{comment}", comments_path(file));
        self.call_empty(Method::DELETE, &path, |r| r).await
    }
}
