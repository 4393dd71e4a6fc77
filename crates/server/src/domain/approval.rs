//! Approval status: where each version stands in review. Commenters and up set it (a viewer
//! only looks), and guests of a review link that allows it; each change records who and when,
//! and an activity entry. Setting the status it already has changes nothing and records
//! nothing.

use rushes_api::activity::ActivityKind;
use rushes_api::approval::{ApprovalStatus, StatusUpdate};
use rushes_api::files::File;
use rushes_api::Id;

use crate::access::Role;
use crate::db::activity::{self, Details};
use crate::db::comments::Writer;
use crate::db::files::{self, FileRow, Viewer};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{versions, Pool};
use crate::domain::files::{access, one_to_api};
use crate::error::ApiError;

/// Taking part in the review.
const STATUS_ROLE: Role = Role::Commenter;

/// Sets version `ids`' status.
pub async fn set(
    pool: &Pool,
    caller: &UserRow,
    ids: (Id, Id, Id),
    update: &StatusUpdate,
) -> Result<File, ApiError> {
    let file = access(pool, caller, ids, STATUS_ROLE).await?.file;
    let row = apply(pool, &file, update.status, Writer::Member(caller.id)).await?;
    one_to_api(pool, row, Viewer::Member(caller.id)).await
}

/// Writes `status` on `file` by `by` with its activity entry, in one transaction; answers the
/// file as it is now. The caller has been allowed to.
pub async fn apply(
    pool: &Pool,
    file: &FileRow,
    status: ApprovalStatus,
    by: Writer<'_>,
) -> Result<FileRow, ApiError> {
    let now = now_ms();
    let mut tx = crate::db::begin_write(pool).await?;
    if versions::set_status(&mut *tx, file.id, status, by, now).await? {
        let details = Details {
            status: Some(status),
            ..Details::default()
        };
        activity::record(
            &mut *tx,
            ActivityKind::StatusChange,
            by,
            file.id,
            details,
            now,
        )
        .await?;
        tracing::info!(file = file.id, status = status.as_str(), "status changed");
    }
    tx.commit().await?;
    files::by_id(pool, file.project_id, file.id)
        .await?
        .ok_or(ApiError::NotFound)
}
