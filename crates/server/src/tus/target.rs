//! Which file an upload fills, from the creation request's `Upload-Metadata`, and whether the
//! caller may fill it: an editor of the file's folder.

use rushes_api::files::NewFile;
use rushes_api::Id;

use super::headers::Metadata;
use super::{Tus, TusError};
use crate::access::{ProjectAccess, Role};
use crate::db::files::{self, FileRow};
use crate::db::uploads;
use crate::db::users::UserRow;
use crate::domain;
use crate::error::ApiError;

/// The target named in `Upload-Metadata`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `file_id`: a record made earlier through the API. With `expect_pending` the upload may
    /// only fill that record while it is pending and the caller's own — how a client resuming
    /// its own upload makes sure it never writes into anything else; without it the bytes
    /// replace the file's (an editor's "replace").
    File { id: Id, expect_pending: bool },
    /// `folder_id` + `filename` (+ `filetype`): a new record, made as the API would.
    Folder {
        folder_id: Id,
        name: String,
        content_type: Option<String>,
    },
}

/// The file the bytes go to, and whether this upload made its record.
#[derive(Debug)]
pub struct Resolved {
    pub file: FileRow,
    pub created: bool,
}

impl Target {
    /// The target in `meta`. Uppy sends `name`/`type` beside tus-js-client's
    /// `filename`/`filetype`; both spellings work.
    pub fn from_metadata(meta: &Metadata) -> Result<Self, TusError> {
        let get = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| meta.get(*k).cloned().flatten())
                .filter(|v| !v.trim().is_empty())
        };
        let id = |key: &str| -> Result<Option<Id>, TusError> {
            get(&[key])
                .map(|v| {
                    v.trim().parse::<Id>().map_err(|_| {
                        TusError::BadRequest(format!("metadata {key} must be a file id"))
                    })
                })
                .transpose()
        };
        if let Some(file_id) = id("file_id")? {
            return Ok(Self::File {
                id: file_id,
                expect_pending: meta.contains_key("expect_pending"),
            });
        }
        match (id("folder_id")?, get(&["filename", "name"])) {
            (Some(folder_id), Some(name)) => Ok(Self::Folder {
                folder_id,
                name,
                content_type: get(&["filetype", "type"]),
            }),
            _ => Err(TusError::BadRequest(
                "Upload-Metadata must name file_id, or folder_id and filename".into(),
            )),
        }
    }

    /// The project the bytes would go to, once the caller is known to be an editor there
    /// (the same 404/403 as [`Self::resolve`]): what the project quota is checked against
    /// before anything is created.
    pub async fn authorize(&self, tus: &Tus, user: &UserRow) -> Result<Id, TusError> {
        match self {
            Self::File { id, .. } => Ok(editable(tus, user, *id).await?.project_id),
            Self::Folder { folder_id, .. } => {
                let project_id = uploads::project_of_folder(tus.pool(), *folder_id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
                let access = ProjectAccess::load(tus.pool(), user, project_id).await?;
                access
                    .folder(tus.pool(), *folder_id)
                    .await?
                    .require(Role::Editor)?;
                Ok(project_id)
            }
        }
    }

    /// Finds (or, for a folder target, creates) the file, checking the caller is an editor
    /// there. A new record gets the same name rules (422, 409 name taken) as the API's.
    pub async fn resolve(
        &self,
        tus: &Tus,
        user: &UserRow,
        length: Option<i64>,
    ) -> Result<Resolved, TusError> {
        match self {
            Self::File { id, expect_pending } => {
                let file = editable(tus, user, *id).await?;
                if *expect_pending && (file.is_ready() || file.created_by != Some(user.id)) {
                    return Err(TusError::NotPending);
                }
                Ok(Resolved {
                    file,
                    created: false,
                })
            }
            Self::Folder {
                folder_id,
                name,
                content_type,
            } => {
                let project_id = uploads::project_of_folder(tus.pool(), *folder_id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
                let new = NewFile {
                    name: name.clone(),
                    size: length,
                    content_type: content_type.clone(),
                };
                let made =
                    domain::files::create(tus.pool(), user, (project_id, *folder_id), &new).await?;
                let file = files::by_id_anywhere(tus.pool(), made.id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
                Ok(Resolved {
                    file,
                    created: true,
                })
            }
        }
    }
}

/// File `id`, if the caller is an editor of its folder (404 when they may not know it, 403 when
/// their role is too low). Checked on creation and again on every PATCH, so a role taken away
/// stops an upload.
pub async fn editable(tus: &Tus, user: &UserRow, id: Id) -> Result<FileRow, TusError> {
    let row = files::by_id_anywhere(tus.pool(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let access = ProjectAccess::load(tus.pool(), user, row.project_id).await?;
    let file = access.file(tus.pool(), row.folder_id, id).await?;
    file.require(Role::Editor)?;
    Ok(file.file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> Metadata {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Some((*v).to_owned())))
            .collect()
    }

    #[test]
    fn file_id_wins_then_folder_and_filename() {
        assert_eq!(
            Target::from_metadata(&meta(&[("file_id", "7"), ("folder_id", "2")])).unwrap(),
            Target::File {
                id: 7,
                expect_pending: false
            }
        );
        assert_eq!(
            Target::from_metadata(&meta(&[("file_id", "7"), ("expect_pending", "")])).unwrap(),
            Target::File {
                id: 7,
                expect_pending: true
            }
        );
        assert_eq!(
            Target::from_metadata(&meta(&[
                ("folder_id", "2"),
                ("filename", "A001.mov"),
                ("filetype", "video/quicktime")
            ]))
            .unwrap(),
            Target::Folder {
                folder_id: 2,
                name: "A001.mov".into(),
                content_type: Some("video/quicktime".into())
            }
        );
    }

    #[test]
    fn a_folder_without_a_name_or_a_bad_id_is_refused() {
        assert!(Target::from_metadata(&meta(&[("folder_id", "2")])).is_err());
        assert!(Target::from_metadata(&meta(&[("file_id", "x")])).is_err());
        assert!(Target::from_metadata(&meta(&[])).is_err());
    }
}
