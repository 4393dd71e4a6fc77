//! Managing review links: the team shares a folder (with everything below it) or one file with
//! people who have no account.
//!
//! Who may do what: making, changing and revoking a link needs editor (or manager) on what it
//! shares, the role that may already hand the same files out by other means; listing shows an
//! editor the links of what they edit. A caller with no role in the project is told it does
//! not exist (404), one without editor anywhere in it that they may not (403).
//!
//! The token is 256 random bits shown once, in the URL of the answer; the server keeps its
//! SHA-256, and the password's argon2id. A revoked link stays listed with who revoked it and
//! when; its guest sessions end with it. Changing the password ends them too: guests who had
//! the old one must show the new one.

use rushes_api::review_links::{
    CreatedReviewLink, NewReviewLink, ReviewLink, ReviewLinkUpdate, ReviewPermission,
};
use rushes_api::{Id, Timestamp};

use crate::access::{ProjectAccess, Role};
use crate::auth::password;
use crate::auth::secret::{new_token, sha256_hex};
use crate::db::review_links::{self, LinkChange, LinkRow, NewLinkRow};
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::db::{files, guest_sessions, Pool, Window};
use crate::error::{ApiError, Problems};
use crate::validate;

/// The role that may share something with guests.
const SHARE_ROLE: Role = Role::Editor;

/// Makes a link to a folder or a file of project `project_id`; answers it with its URL, the
/// only time the token is shown.
pub async fn create(
    pool: &Pool,
    base: &url::Url,
    caller: &UserRow,
    project_id: Id,
    new: &NewReviewLink,
) -> Result<CreatedReviewLink, ApiError> {
    let project = ProjectAccess::load(pool, caller, project_id).await?;
    let now = now_ms();
    let mut problems = Problems::default();
    if new.folder_id.is_some() == new.file_id.is_some() {
        problems.check("base", Err("give either folder_id or file_id"));
    }
    let label = new.label.as_deref().map(str::trim).unwrap_or_default();
    if !label.is_empty() {
        problems.check("label", validate::label(label));
    }
    if let Some(secret) = &new.password {
        problems.check("password", validate::password(secret));
    }
    problems.check("expires_at", future(new.expires_at, now));
    problems.check(
        "can_set_status",
        status_allowed(new.permission, new.can_set_status),
    );
    problems.finish()?;
    may_share(pool, &project, new.folder_id, new.file_id).await?;
    let password_hash = match &new.password {
        Some(secret) => Some(hash(secret).await?),
        None => None,
    };
    let token = new_token();
    let row = NewLinkRow {
        project_id,
        folder_id: new.folder_id,
        file_id: new.file_id,
        token_hash: &sha256_hex(&token),
        permission: new.permission,
        can_set_status: new.can_set_status,
        password_hash: password_hash.as_deref(),
        label,
        expires_at: new.expires_at.map(|t| t.timestamp_millis()),
        created_by: caller.id,
    };
    let id = review_links::insert(pool, &row, now).await?;
    tracing::info!(
        link = id,
        project = project_id,
        by = caller.id,
        permission = new.permission.as_str(),
        "review link created"
    );
    let link = review_links::by_id(pool, project_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let url = base
        .join(&format!("r/{token}"))
        .map_err(|e| ApiError::Internal(format!("review link URL: {e}")))?;
    Ok(CreatedReviewLink {
        link: link.to_api(),
        url: url.to_string(),
    })
}

/// One page of the links of the project the caller may manage (newest first), and how many
/// there are.
pub async fn list(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    window: Window,
) -> Result<(Vec<ReviewLink>, i64), ApiError> {
    let project = ProjectAccess::load(pool, caller, project_id).await?;
    if !project.has_somewhere(SHARE_ROLE) {
        return Err(ApiError::Forbidden);
    }
    let everything = project.role().is_some_and(|r| r >= SHARE_ROLE);
    let mut visible = Vec::new();
    for link in review_links::in_project(pool, project_id).await? {
        if everything || manages(pool, &project, &link).await? {
            visible.push(link);
        }
    }
    let total = i64::try_from(visible.len()).unwrap_or(i64::MAX);
    let offset = usize::try_from(window.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(window.limit).unwrap_or(0);
    let page = visible
        .iter()
        .skip(offset)
        .take(limit)
        .map(LinkRow::to_api)
        .collect();
    Ok((page, total))
}

/// Changes a link's label, permission, expiry or password. A revoked link cannot change (409):
/// it is kept as a record, and a new link is the way to share again.
pub async fn update(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    id: Id,
    change: &ReviewLinkUpdate,
) -> Result<ReviewLink, ApiError> {
    let (_, link) = managed(pool, caller, project_id, id).await?;
    if link.revoked_at.is_some() {
        return Err(ApiError::Conflict(
            "the link is revoked; make a new one to share again".into(),
        ));
    }
    let mut problems = Problems::default();
    let label = change.label.as_deref().map(str::trim);
    if let Some(label) = label.filter(|l| !l.is_empty()) {
        problems.check("label", validate::label(label));
    }
    if let Some(Some(secret)) = &change.password {
        problems.check("password", validate::password(secret));
    }
    if let Some(expires_at) = change.expires_at {
        problems.check("expires_at", future(expires_at, now_ms()));
    }
    let permission = change.permission.unwrap_or_else(|| link.permission());
    let can_set_status = change.can_set_status.unwrap_or(link.can_set_status);
    problems.check("can_set_status", status_allowed(permission, can_set_status));
    problems.finish()?;
    let password_hash = match &change.password {
        Some(Some(secret)) => Some(hash(secret).await?),
        Some(None) => None,
        None => link.password_hash.clone(),
    };
    let applied = LinkChange {
        permission,
        can_set_status,
        password_hash: password_hash.as_deref(),
        label: label.unwrap_or(&link.label),
        expires_at: match change.expires_at {
            Some(t) => t.map(|t| t.timestamp_millis()),
            None => link.expires_at,
        },
    };
    review_links::update(pool, id, &applied, now_ms()).await?;
    if change.password.is_some() {
        let ended = guest_sessions::delete_for_link(pool, id).await?;
        tracing::info!(link = id, sessions = ended, "review link password changed");
    }
    tracing::info!(link = id, by = caller.id, "review link changed");
    let row = review_links::by_id(pool, project_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(row.to_api())
}

/// Revokes a link and ends its guests' sessions at once. Revoking a revoked link changes
/// nothing (the first revocation's who and when stay).
pub async fn revoke(pool: &Pool, caller: &UserRow, project_id: Id, id: Id) -> Result<(), ApiError> {
    managed(pool, caller, project_id, id).await?;
    review_links::revoke(pool, id, caller.id, now_ms()).await?;
    let ended = guest_sessions::delete_for_link(pool, id).await?;
    tracing::info!(
        link = id,
        by = caller.id,
        sessions = ended,
        "review link revoked"
    );
    Ok(())
}

/// Link `id` of the project, when the caller may manage it: 404 without a role in the project
/// or for another project's link, 403 without editor on what it shares.
async fn managed(
    pool: &Pool,
    caller: &UserRow,
    project_id: Id,
    id: Id,
) -> Result<(ProjectAccess, LinkRow), ApiError> {
    let project = ProjectAccess::load(pool, caller, project_id).await?;
    let link = review_links::by_id(pool, project_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    may_share(pool, &project, link.folder_id, link.file_id).await?;
    Ok((project, link))
}

/// Whether the caller may manage `link` (editor on what it shares).
async fn manages(pool: &Pool, project: &ProjectAccess, link: &LinkRow) -> Result<bool, ApiError> {
    match may_share(pool, project, link.folder_id, link.file_id).await {
        Ok(()) => Ok(true),
        Err(ApiError::NotFound | ApiError::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Fails unless the caller is an editor of the folder or of the file's folder.
async fn may_share(
    pool: &Pool,
    project: &ProjectAccess,
    folder_id: Option<Id>,
    file_id: Option<Id>,
) -> Result<(), ApiError> {
    match (folder_id, file_id) {
        (Some(folder_id), _) => project.folder(pool, folder_id).await?.require(SHARE_ROLE),
        (None, Some(file_id)) => {
            let file = files::by_id(pool, project.project.id, file_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            project
                .file(pool, file.folder_id, file_id)
                .await?
                .require(SHARE_ROLE)
        }
        (None, None) => Err(ApiError::NotFound),
    }
}

/// Setting approval status is taking part in the review: a link that only lets guests look
/// cannot allow it.
fn status_allowed(permission: ReviewPermission, can_set_status: bool) -> Result<(), &'static str> {
    if can_set_status && permission < ReviewPermission::Comment {
        Err("needs a link that allows comments")
    } else {
        Ok(())
    }
}

/// An expiry must lie ahead: a link that never works is a mistake.
fn future(at: Option<Timestamp>, now: i64) -> Result<(), &'static str> {
    match at {
        Some(t) if t.timestamp_millis() <= now => Err("must be in the future"),
        _ => Ok(()),
    }
}

async fn hash(secret: &str) -> Result<String, ApiError> {
    password::hash(secret)
        .await
        .map_err(|e| ApiError::Internal(format!("hashing a link's password: {e}")))
}
