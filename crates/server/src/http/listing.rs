//! `?sort=`, `?order=`, `?name=` and `?status=` on list endpoints, validated into a [`Listing`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use rushes_api::approval::ApprovalStatus;

use crate::db::listing::{Listing, SortKey};
use crate::error::{ApiError, Problems};
use crate::validate::MAX_NAME_BYTES;

/// What `?status=` may be.
const STATUS_CHOICES: &str =
    "must be one of none, needs_review, in_progress, changes_requested, approved";

/// The order and filter a list request asked for.
#[derive(Debug, Clone, Default)]
pub struct ListParams(pub Listing);

impl<S: Send + Sync> FromRequestParts<S> for ListParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let mut listing = Listing::default();
        let mut problems = Problems::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "sort" => match SortKey::parse(&value) {
                    Some(sort) => listing.sort = sort,
                    None => problems.check(
                        "sort",
                        Err("must be one of name, created_at, updated_at, size"),
                    ),
                },
                "order" => match value.as_ref() {
                    "asc" => listing.descending = false,
                    "desc" => listing.descending = true,
                    _ => problems.check("order", Err("must be asc or desc")),
                },
                "name" if value.len() > MAX_NAME_BYTES => {
                    problems.check("name", Err("is too long (maximum is 255 bytes)"));
                }
                "name" if !value.is_empty() => listing.name_contains = Some(value.into_owned()),
                "status" => match ApprovalStatus::parse(&value) {
                    Some(status) => listing.status = Some(status),
                    None => problems.check("status", Err(STATUS_CHOICES)),
                },
                _ => {}
            }
        }
        problems.finish()?;
        Ok(Self(listing))
    }
}

/// The query parameters [`ListParams`] reads, for the OpenAPI document (`params(ListDoc)`).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only its derived parameter list is used.
pub struct ListDoc {
    /// `name` (default), `created_at`, `updated_at` or `size` (files; others use the name).
    sort: Option<rushes_api::page::SortKey>,
    /// `asc` (default) or `desc`.
    order: Option<String>,
    /// Only names containing this, ignoring case; `%` and `_` are literal.
    name: Option<String>,
    /// Files only: only versions with this approval status.
    status: Option<ApprovalStatus>,
}
