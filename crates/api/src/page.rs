//! Pagination parameters shared by every list endpoint.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Default page size when `per_page` is absent.
pub const DEFAULT_PER_PAGE: u32 = 50;
/// Largest accepted `per_page`; larger values are rejected, not clamped, so callers notice.
pub const MAX_PER_PAGE: u32 = 500;

/// `?page=N&per_page=M`. Pages count from 1. The answer carries `Total`, `Per-Page` and `Link`
/// headers (rel next, prev, first, last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct PageQuery {
    /// The page, counting from 1.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, default = 1))]
    pub page: Option<u32>,
    /// Items per page, at most 500; larger values are rejected, not clamped.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500, default = 50))]
    pub per_page: Option<u32>,
}

/// One page of a list, with what the pagination headers said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items over all pages (the `Total` header).
    #[ts(type = "number")]
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    Name,
    CreatedAt,
    UpdatedAt,
    /// Files only; folders and projects fall back to the name.
    Size,
}

/// `?sort=`, `?order=` and `?name=` on list endpoints. Absent fields use the server's default
/// (by name, ascending, unfiltered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sort: Option<SortKey>,
    /// Newest, largest or last first.
    #[serde(default)]
    pub descending: bool,
    /// Only names containing this, ignoring case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    /// Files only: only versions with this approval status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<crate::approval::ApprovalStatus>,
}

impl SortKey {
    /// The value of `?sort=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
            Self::Size => "size",
        }
    }

    /// The key named in `?sort=`.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Name, Self::CreatedAt, Self::UpdatedAt, Self::Size]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

impl ListQuery {
    /// The query-string pairs for this request.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(sort) = self.sort {
            out.push(("sort", sort.as_str().to_owned()));
        }
        if self.descending {
            out.push(("order", "desc".to_owned()));
        }
        if let Some(name) = &self.name {
            out.push(("name", name.clone()));
        }
        if let Some(status) = self.status {
            out.push(("status", status.as_str().to_owned()));
        }
        out
    }
}
