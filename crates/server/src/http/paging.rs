//! `?page=N&per_page=M` on list endpoints, and the list answer with `Total`, `Per-Page` and
//! `Link` headers.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::response::Response;
use rushes_api::page::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use serde::Serialize;
use url::Url;

use super::links::link_header;
use super::respond;
use crate::db::Window;
use crate::error::{ApiError, Problems};
use crate::state::AppState;

const TOTAL: HeaderName = HeaderName::from_static("total");
const PER_PAGE: HeaderName = HeaderName::from_static("per-page");

/// The requested page of a list, and the absolute URL its links are built from.
#[derive(Debug)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
    request: Url,
}

impl Paging {
    /// Which rows this page covers.
    pub fn window(&self) -> Window {
        Window {
            limit: i64::from(self.per_page),
            offset: (i64::from(self.page) - 1) * i64::from(self.per_page),
        }
    }

    /// `200 OK` with `items` in the envelope and the pagination headers.
    pub fn respond<T: Serialize>(&self, items: Vec<T>, total: i64) -> Response {
        let total = u64::try_from(total).unwrap_or(0);
        let link = link_header(&self.request, u64::from(self.page), self.per_page, total);
        let mut response = respond::ok(items);
        let headers = response.headers_mut();
        headers.insert(TOTAL, HeaderValue::from(total));
        headers.insert(PER_PAGE, HeaderValue::from(self.per_page));
        // Built from a parsed Url, so always a valid header value; skip it rather than fail.
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(axum::http::header::LINK, value);
        }
        response
    }
}

impl FromRequestParts<AppState> for Paging {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // Nested routers strip their prefix from `parts.uri`; links need the path as requested.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |original| &original.0);
        let query = uri.query().unwrap_or_default();
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let param = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };

        let mut problems = Problems::default();
        let page = parse_bounded(param("page"), 1, 1, u32::MAX);
        problems.check(
            "page",
            page.map(drop)
                .map_err(|_| "must be a whole number of at least 1"),
        );
        let per_page = parse_bounded(param("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
        problems.check(
            "per_page",
            per_page
                .map(drop)
                .map_err(|_| "must be a whole number from 1 to 500"),
        );
        problems.finish()?;

        let path = uri.path().trim_start_matches('/');
        let mut request = state
            .base_url()
            .join(path)
            .map_err(|e| ApiError::Internal(format!("request URL: {e}")))?;
        request.set_query((!query.is_empty()).then_some(query));
        Ok(Self {
            page: page.unwrap_or(1),
            per_page: per_page.unwrap_or(DEFAULT_PER_PAGE),
            request,
        })
    }
}

/// `default` when absent; otherwise a whole number in `min..=max`.
fn parse_bounded(value: Option<&str>, default: u32, min: u32, max: u32) -> Result<u32, ()> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or(()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bounded;

    #[test]
    fn page_parameters_are_whole_numbers_within_bounds() {
        assert_eq!(parse_bounded(None, 50, 1, 500), Ok(50));
        assert_eq!(parse_bounded(Some("500"), 50, 1, 500), Ok(500));
        assert_eq!(parse_bounded(Some("1"), 50, 1, 500), Ok(1));
        for bad in ["0", "501", "-1", "1.5", "", "ten", "99999999999"] {
            assert_eq!(parse_bounded(Some(bad), 50, 1, 500), Err(()), "{bad:?}");
        }
    }
}
