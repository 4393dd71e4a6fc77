//! Storage quotas on uploads: who may stage partial uploads, and whether an upload fits in what
//! its user and its project may still take.
//!
//! Space is promised before it is written: a declared length is checked at creation (and
//! counts from then on), a deferred length on every PATCH, a concatenation when the final
//! upload is made. Checks and the row that then counts are serialized by one server-wide lock
//! ([`super::Tus::quota_lock`]), so two creations cannot both take the last bytes. PATCHes of
//! deferred-length uploads are not serialized with each other (a body streams for minutes);
//! two of them racing can each take what is left, at most once per such upload.

use std::fmt;

use rushes_api::Id;

use super::{Tus, TusError};
use crate::config::StorageQuotas;
use crate::db::files;
use crate::db::uploads::{UploadKind, UploadRow};
use crate::db::usage;
use crate::db::users::UserRow;
use crate::error::ApiError;

/// What a limit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    User,
    Project,
    /// The user's partial uploads, in bytes.
    Partials,
}

/// One limit and what is used of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub scope: Scope,
    pub used: i64,
    pub limit: i64,
}

impl Budget {
    /// Bytes still free (never negative: a lowered limit leaves nothing, not a debt).
    pub fn left(&self) -> i64 {
        self.limit.saturating_sub(self.used).max(0)
    }
}

/// An upload refused for lack of room; nothing of it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaExceeded {
    /// `needed` more bytes (when known) do not fit in `budget`.
    Bytes { budget: Budget, needed: Option<i64> },
    /// The user already has `limit` partial uploads.
    Partials { limit: u32 },
}

impl fmt::Display for QuotaExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes { budget, needed } => {
                let whose = match budget.scope {
                    Scope::User => "you have",
                    Scope::Project => "this project has",
                    Scope::Partials => "your partial uploads have",
                };
                let what = match needed {
                    Some(n) => format!("this upload needs {} more but ", human_bytes(*n)),
                    None => "this upload cannot grow further: ".to_owned(),
                };
                write!(
                    f,
                    "storage quota exceeded: {what}{whose} {} of {} used ({} of {} bytes); \
                     delete files or ask an admin to raise the quota",
                    human_bytes(budget.used),
                    human_bytes(budget.limit),
                    budget.used,
                    budget.limit,
                )
            }
            Self::Partials { limit } => write!(
                f,
                "you already have {limit} partial uploads waiting to be joined, the most \
                 allowed; finish or terminate some first"
            ),
        }
    }
}

/// 403 unless `user` may upload somewhere (an admin, or an editor or manager of a project or
/// folder). Partial uploads name no target, so this is the only role they can be checked for;
/// a final upload still needs the editor role on its file.
pub async fn require_uploader(tus: &Tus, user: &UserRow) -> Result<(), TusError> {
    if user.is_admin || usage::can_upload_somewhere(tus.pool(), user.id).await? {
        return Ok(());
    }
    Err(ApiError::Forbidden.into())
}

/// The limits an upload of `user` into `project` (none for a partial) counts against, with
/// what is used of each. `partial` adds the partial-bytes allowance.
pub async fn budgets(
    tus: &Tus,
    user_id: Id,
    project: Option<Id>,
    partial: bool,
) -> Result<Vec<Budget>, TusError> {
    let quotas = tus.quotas;
    let mut out = Vec::with_capacity(3);
    if let Some(limit) = quotas.user_bytes {
        let used = usage::of_user(tus.pool(), user_id).await?;
        out.push(Budget {
            scope: Scope::User,
            used,
            limit,
        });
    }
    if let (Some(limit), Some(project)) = (quotas.project_bytes, project) {
        let used = usage::of_project(tus.pool(), project).await?;
        out.push(Budget {
            scope: Scope::Project,
            used,
            limit,
        });
    }
    if partial {
        let (_, used) = usage::partials_of_user(tus.pool(), user_id).await?;
        out.push(Budget {
            scope: Scope::Partials,
            used,
            limit: quotas.partial_bytes,
        });
    }
    Ok(out)
}

/// The limits an existing upload counts against: its user's, its file's project's, and for a
/// partial the partial allowance.
pub async fn budgets_of_upload(tus: &Tus, row: &UploadRow) -> Result<Vec<Budget>, TusError> {
    let project = match row.file_id {
        Some(file_id) => files::by_id_anywhere(tus.pool(), file_id)
            .await?
            .map(|f| f.project_id),
        None => None,
    };
    let partial = row.kind() == UploadKind::Partial;
    budgets(tus, row.user_id, project, partial).await
}

/// Refuses `needed` more bytes when they do not fit in every budget.
pub fn require(budgets: &[Budget], needed: i64) -> Result<(), TusError> {
    match budgets
        .iter()
        .find(|b| b.used.saturating_add(needed) > b.limit)
    {
        Some(budget) => Err(TusError::Quota(QuotaExceeded::Bytes {
            budget: *budget,
            needed: Some(needed),
        })),
        None => Ok(()),
    }
}

/// The budget with the least room left, if any applies: how far a deferred-length upload may
/// grow.
pub fn tightest(budgets: &[Budget]) -> Option<Budget> {
    budgets.iter().copied().min_by_key(Budget::left)
}

/// Refuses a new partial upload when `user` already has as many as allowed.
pub async fn require_partial_slot(
    tus: &Tus,
    quotas: &StorageQuotas,
    user: &UserRow,
) -> Result<(), TusError> {
    let (count, _) = usage::partials_of_user(tus.pool(), user.id).await?;
    if count >= i64::from(quotas.max_partials) {
        return Err(TusError::Quota(QuotaExceeded::Partials {
            limit: quotas.max_partials,
        }));
    }
    Ok(())
}

/// `bytes` for people: decimal units with one decimal ("12.3 GB"), as the app shows them.
pub fn human_bytes(bytes: i64) -> String {
    const UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    // Precision past one decimal does not matter here.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64;
    let mut unit = "B";
    for u in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = u;
    }
    format!("{value:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_like_the_app_shows_them() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(12_345_678_901), "12.3 GB");
        assert_eq!(human_bytes(100_000_000_000), "100.0 GB");
    }

    #[test]
    fn the_first_budget_without_room_refuses() {
        let budgets = [
            Budget {
                scope: Scope::User,
                used: 10,
                limit: 100,
            },
            Budget {
                scope: Scope::Project,
                used: 90,
                limit: 100,
            },
        ];
        assert!(require(&budgets, 10).is_ok());
        match require(&budgets, 11) {
            Err(TusError::Quota(QuotaExceeded::Bytes { budget, .. })) => {
                assert_eq!(budget.scope, Scope::Project);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(tightest(&budgets).map(|b| b.left()), Some(10));
    }
}
