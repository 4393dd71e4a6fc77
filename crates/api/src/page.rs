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
