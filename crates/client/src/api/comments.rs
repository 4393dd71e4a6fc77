//! `.../files/{id}/comments`, the replies under each comment, and their export.

use reqwest::{header, Method};
use rushes_api::comments::{Comment, CommentUpdate, ExportFormat, NewComment};
use rushes_api::Id;

use super::http::expect_success;
use super::{ApiClient, FileRef};
use crate::ClientError;

/// A file's comments as the server exported them: the name it suggests and the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentExport {
    /// `<file's stem>_comments.csv` (or `.edl`), from `Content-Disposition`; ASCII only.
    pub filename: String,
    pub bytes: Vec<u8>,
}

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

    /// Every thread on a file as a CSV or an EDL of DaVinci Resolve markers.
    pub async fn export_comments(
        &self,
        file: FileRef,
        format: ExportFormat,
    ) -> Result<CommentExport, ClientError> {
        let path = format!("{}/export", comments_path(file));
        let name = match format {
            ExportFormat::Csv => "csv",
            ExportFormat::Edl => "edl",
        };
        let resp = self
            .send(Method::GET, &path, |r| r.query(&[("format", name)]))
            .await?;
        let status = resp.status();
        if !status.is_success() {
            expect_success(resp).await?;
            return Err(ClientError::Status {
                status: status.as_u16(),
            });
        }
        let filename = resp
            .headers()
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .and_then(disposition_name)
            .unwrap_or_else(|| format!("comments.{name}"));
        let bytes = resp.bytes().await?.to_vec();
        Ok(CommentExport { filename, bytes })
    }
}

/// The plain `filename="…"` of a `Content-Disposition`, made safe as a local name: no path
/// separators or characters a file system refuses.
fn disposition_name(value: &str) -> Option<String> {
    let start = value.find("filename=\"")? + "filename=\"".len();
    let end = value[start..].find('"')? + start;
    let name: String = value[start..end]
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let name = name.trim().trim_start_matches('.').to_owned();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::disposition_name;

    #[test]
    fn the_suggested_name_is_read_and_made_safe() {
        assert_eq!(
            disposition_name(
                "attachment; filename=\"A001_comments.csv\"; filename*=UTF-8''A001_comments.csv"
            )
            .as_deref(),
            Some("A001_comments.csv")
        );
        assert_eq!(
            disposition_name("attachment; filename=\"../x/y.edl\"").as_deref(),
            Some("_x_y.edl")
        );
        assert_eq!(disposition_name("attachment"), None);
    }
}
