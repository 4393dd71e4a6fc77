//! POST /uploads: creation (with `Upload-Length` or a deferred length), creation-with-upload,
//! and concatenation (`Upload-Concat: partial`, `final;...`).

use axum::body::Body;
use axum::http::HeaderMap;

use super::finish::finish;
use super::headers::{self, Concat, Metadata, UPLOAD_CONCAT, UPLOAD_LENGTH};
use super::target::Target;
use super::write::{append_locked, too_large};
use super::{new_id, Tus, TusError};
use crate::db::time::now_ms;
use crate::db::uploads::{self, NewUploadRow, UploadKind, UploadRow};
use crate::db::users::UserRow;

/// What the creation request asked for.
pub(super) struct Creation {
    /// `Upload-Length`, if sent.
    pub length: Option<i64>,
    /// `Upload-Metadata` as sent, echoed on HEAD.
    pub raw_metadata: String,
    pub metadata: Metadata,
}

/// Creates an upload for `user`. With a body (`application/offset+octet-stream`) its bytes are
/// the first chunk; a final concatenation is complete (and in its file) when this returns.
pub async fn create(
    tus: &Tus,
    user: &UserRow,
    request_headers: &HeaderMap,
    body: Body,
) -> Result<UploadRow, TusError> {
    let (raw_metadata, metadata) = headers::metadata(request_headers)?;
    let length = headers::number(request_headers, UPLOAD_LENGTH)?;
    let creation = Creation {
        length,
        raw_metadata,
        metadata,
    };
    let concat = headers::concat(request_headers)?;
    if let Some(Concat::Final(parts)) = concat {
        let raw = request_headers
            .get(UPLOAD_CONCAT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        return super::concat::create_final(tus, user, &creation, &parts, raw).await;
    }
    let deferred = headers::defers_length(request_headers)?;
    if length.is_some() == deferred {
        return Err(TusError::BadRequest(
            "send either Upload-Length or Upload-Defer-Length: 1".into(),
        ));
    }
    if length.is_some_and(|l| l > tus.max_size) {
        return Err(too_large(tus));
    }
    let partial = concat == Some(Concat::Partial);
    if partial {
        // Pieces name no file, so no project role can be checked: only someone who may upload
        // somewhere may stage them (the finding "any signed-in user can fill the disk").
        super::quota::require_uploader(tus, user).await?;
    }
    let target = if partial {
        None
    } else {
        Some(Target::from_metadata(&creation.metadata)?)
    };
    // From the check until the row exists, no other creation may take the same room.
    let quota_guard = tus.quota_lock.lock().await;
    let (file_id, created_file) = match target {
        None => {
            super::quota::require_partial_slot(tus, &tus.quotas, user).await?;
            let budgets = super::quota::budgets(tus, user.id, None, true).await?;
            super::quota::require(&budgets, length.unwrap_or(0))?;
            // Pieces belong to their user; the final upload names the file and is authorized then.
            (None, false)
        }
        Some(target) => {
            let project = target.authorize(tus, user).await?;
            let budgets = super::quota::budgets(tus, user.id, Some(project), false).await?;
            let replaced = replaced_reservation(tus, user, &target).await?;
            super::quota::require(&budgets, length.unwrap_or(0).saturating_sub(replaced))?;
            let resolved = target.resolve(tus, user, length).await?;
            if !resolved.created {
                super::terminate::supersede(tus, user, resolved.file.id).await?;
            }
            (Some(resolved.file.id), resolved.created)
        }
    };
    let id = new_id();
    let now = now_ms();
    let new = NewUploadRow {
        id: &id,
        user_id: user.id,
        kind: if partial {
            UploadKind::Partial
        } else {
            UploadKind::Single
        },
        file_id,
        created_file,
        upload_length: creation.length,
        metadata: &creation.raw_metadata,
        concat_parts: None,
        expires_at: tus.expires_at(now),
    };
    // The row first: a crash before the staging file exists leaves an upload at offset 0,
    // whose first PATCH creates the file.
    uploads::insert(tus.pool(), &new, now).await?;
    drop(quota_guard);
    tus.staging.create(&id).await?;
    tracing::info!(upload = %id, file = ?file_id, length = ?creation.length, "upload created");

    let guard = tus.locks.try_lock(&id).await?;
    let row = super::write::load(tus, user, &id).await?;
    let row = if headers::is_offset_stream(request_headers) {
        let checksum = headers::checksum(request_headers)?;
        match append_locked(tus, row.clone(), body, checksum.as_ref()).await {
            Ok(row) => row,
            // The upload exists either way; a refused first chunk just leaves it at 0.
            Err(TusError::ChecksumMismatch | TusError::TooLarge(_) | TusError::Quota(_)) => row,
            Err(e) => return Err(e),
        }
    } else if row.is_complete() {
        // An empty file is complete as soon as it exists.
        finish(tus, row).await?
    } else {
        row
    };
    drop(guard);
    Ok(row)
}

/// Bytes the caller's own unfinished upload into the target file holds: a new upload replaces
/// it ([`super::terminate::supersede`]), so they are not counted twice.
async fn replaced_reservation(tus: &Tus, user: &UserRow, target: &Target) -> Result<i64, TusError> {
    let Target::File { id, .. } = target else {
        return Ok(0);
    };
    Ok(uploads::unfinished_for_file(tus.pool(), *id)
        .await?
        .iter()
        .filter(|u| u.user_id == user.id)
        .map(|u| u.upload_length.unwrap_or(u.upload_offset))
        .fold(0, i64::saturating_add))
}
