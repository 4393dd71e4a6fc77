//! HEAD and PATCH: where an upload is, and appending to it; and finishing it once complete.

use axum::body::Body;
use axum::http::HeaderMap;

use super::checksum::Checksum;
use super::finish::finish;
use super::headers::{self, UPLOAD_LENGTH, UPLOAD_OFFSET};
use super::quota::{self, QuotaExceeded};
use super::target::editable;
use super::{Tus, TusError};
use crate::db::time::now_ms;
use crate::db::uploads::{self, UploadKind, UploadRow};
use crate::db::users::UserRow;
use crate::error::ApiError;

/// HEAD: the upload as it durably is. A complete upload a crash kept from finishing is finished
/// here, so the answer is never "complete but not in the file".
pub async fn head(tus: &Tus, user: &UserRow, id: &str) -> Result<UploadRow, TusError> {
    let row = load(tus, user, id).await?;
    if row.is_complete() && !row.is_finished() {
        let _guard = tus.locks.try_lock(id).await?;
        let row = load(tus, user, id).await?;
        if !row.is_finished() {
            return finish(tus, row).await;
        }
        return Ok(row);
    }
    Ok(row)
}

/// PATCH: appends the body at `Upload-Offset`, which must be where the upload is (else 409).
pub async fn patch(
    tus: &Tus,
    user: &UserRow,
    id: &str,
    request_headers: &HeaderMap,
    body: Body,
) -> Result<UploadRow, TusError> {
    if !headers::is_offset_stream(request_headers) {
        return Err(TusError::ContentType);
    }
    let offset = headers::number(request_headers, UPLOAD_OFFSET)?
        .ok_or_else(|| TusError::bad_header(UPLOAD_OFFSET))?;
    let checksum = headers::checksum(request_headers)?;
    let length = headers::number(request_headers, UPLOAD_LENGTH)?;

    let row = load(tus, user, id).await?;
    if row.kind() == UploadKind::Final {
        return Err(TusError::PatchFinal);
    }
    let _guard = tus.locks.try_lock(id).await?;
    let mut row = load(tus, user, id).await?;
    if let Some(file_id) = row.file_id {
        editable(tus, user, file_id).await?;
    }
    if row.is_finished() || row.is_complete() {
        // A retry of the last PATCH whose answer was lost: nothing more to write.
        return if offset == row.upload_offset {
            head_locked(tus, row).await
        } else {
            Err(TusError::OffsetMismatch {
                actual: row.upload_offset,
            })
        };
    }
    if offset != row.upload_offset {
        return Err(TusError::OffsetMismatch {
            actual: row.upload_offset,
        });
    }
    if let Some(length) = length {
        settle_length(tus, &mut row, length).await?;
    }
    append_locked(tus, row, body, checksum.as_ref()).await
}

/// Finishes a complete upload found unfinished, under the lock the caller holds.
async fn head_locked(tus: &Tus, row: UploadRow) -> Result<UploadRow, TusError> {
    if row.is_complete() && !row.is_finished() {
        return finish(tus, row).await;
    }
    Ok(row)
}

/// Fixes a deferred length (the creation-defer-length extension) once the client knows it.
async fn settle_length(tus: &Tus, row: &mut UploadRow, length: i64) -> Result<(), TusError> {
    match row.upload_length {
        Some(known) if known == length => Ok(()),
        Some(_) => Err(TusError::BadRequest(
            "Upload-Length cannot change once set".into(),
        )),
        None if length > tus.max_size => Err(too_large(tus)),
        None if length < row.upload_offset => Err(TusError::BadRequest(
            "Upload-Length is less than what was uploaded".into(),
        )),
        None => {
            // What arrived is counted already; the rest is promised now, or refused.
            let _quota = tus.quota_lock.lock().await;
            let budgets = quota::budgets_of_upload(tus, row).await?;
            quota::require(&budgets, length - row.upload_offset)?;
            uploads::set_length(tus.pool(), &row.id, length).await?;
            row.upload_length = Some(length);
            Ok(())
        }
    }
}

/// Appends `body` to an upload whose lock the caller holds, records the durable offset, and
/// finishes the upload when that completes it.
pub(super) async fn append_locked(
    tus: &Tus,
    mut row: UploadRow,
    body: Body,
    checksum: Option<&Checksum>,
) -> Result<UploadRow, TusError> {
    let limit = row.upload_length.unwrap_or(tus.max_size);
    let mut room = limit - row.upload_offset;
    // A declared length was promised at creation; a deferred one may grow only into the room
    // its quotas have left, and a body that goes past it is refused whole.
    let mut bound_by = None;
    if row.upload_length.is_none() {
        let budgets = quota::budgets_of_upload(tus, &row).await?;
        if let Some(budget) = quota::tightest(&budgets).filter(|b| b.left() < room) {
            room = budget.left();
            bound_by = Some(budget);
        }
    }
    let appended = match tus
        .staging
        .append(&row.id, row.upload_offset, room, body, checksum)
        .await
    {
        Ok(appended) => appended,
        Err(TusError::TooLarge(m)) => {
            return Err(match bound_by {
                Some(budget) => TusError::Quota(QuotaExceeded::Bytes {
                    budget,
                    needed: None,
                }),
                None => TusError::TooLarge(m),
            })
        }
        Err(e) => return Err(e),
    };
    if appended.written > 0 {
        let to = row.upload_offset + appended.written;
        let now = now_ms();
        let moved = uploads::advance(
            tus.pool(),
            &row.id,
            (row.upload_offset, to),
            tus.expires_at(now),
        )
        .await?;
        if !moved {
            // The row changed under us (deleted with its file, or another server wrote).
            return Err(ApiError::NotFound.into());
        }
        tracing::debug!(upload = %row.id, offset = to, "upload advanced");
        row.upload_offset = to;
        row.expires_at = tus.expires_at(now);
    }
    if row.is_complete() && !appended.interrupted {
        return finish(tus, row).await;
    }
    Ok(row)
}

/// The caller's upload `id`: 404 when it is not theirs or gone, 410 when it expired and the
/// cleanup has not removed it yet.
pub(super) async fn load(tus: &Tus, user: &UserRow, id: &str) -> Result<UploadRow, TusError> {
    let row = uploads::by_id(tus.pool(), id, user.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.expires_at < now_ms() {
        return Err(TusError::Expired);
    }
    Ok(row)
}

/// 413 for a length past what the server accepts.
pub(super) fn too_large(tus: &Tus) -> TusError {
    TusError::TooLarge(format!(
        "uploads are at most {} bytes on this server",
        tus.max_size
    ))
}
