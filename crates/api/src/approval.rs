//! Approval status: where a file (each version on its own) stands in review.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A version's review status. Commenters and up set it, and guests of a review link that
/// allows it; `none` is where every version starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    #[default]
    None,
    NeedsReview,
    InProgress,
    ChangesRequested,
    Approved,
}

impl ApprovalStatus {
    /// Every status, in the order a review moves through them.
    pub const ALL: [Self; 5] = [
        Self::None,
        Self::NeedsReview,
        Self::InProgress,
        Self::ChangesRequested,
        Self::Approved,
    ];

    /// The status as stored, as it appears on the wire and in `?status=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::NeedsReview => "needs_review",
            Self::InProgress => "in_progress",
            Self::ChangesRequested => "changes_requested",
            Self::Approved => "approved",
        }
    }

    /// The status named `s`, if it is one.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// How people read it (CSV exports, activity).
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "No status",
            Self::NeedsReview => "Needs review",
            Self::InProgress => "In progress",
            Self::ChangesRequested => "Changes requested",
            Self::Approved => "Approved",
        }
    }
}

/// Body of `PUT .../files/{id}/status` (and of the guest's `PUT /api/guest/files/{id}/status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusUpdate {
    pub status: ApprovalStatus,
}

#[cfg(test)]
mod tests {
    use super::ApprovalStatus;

    #[test]
    fn statuses_round_trip_through_their_names_and_json() {
        for s in ApprovalStatus::ALL {
            assert_eq!(ApprovalStatus::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(ApprovalStatus::parse("rejected"), None);
    }
}
