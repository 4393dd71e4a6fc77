//! Walking a paginated list to the end.

use reqwest::Method;
use rushes_api::page::{Page, MAX_PER_PAGE};
use serde::de::DeserializeOwned;

use super::http::decode_enveloped;
use super::ApiClient;
use crate::ClientError;

/// A guard against a server that never stops paging: 2,000 pages of 500 is a million items.
const MAX_PAGES: u32 = 2_000;

impl ApiClient {
    /// One page of a list endpoint, with the total from the `Total` header.
    pub(crate) async fn one_page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        page: u32,
        per_page: u32,
    ) -> Result<Page<T>, ClientError> {
        let response = self
            .send(Method::GET, path, |r| {
                r.query(query)
                    .query(&[("page", page), ("per_page", per_page)])
            })
            .await?;
        let total = response
            .headers()
            .get("total")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let items: Vec<T> = decode_enveloped(response).await?;
        let total = total.ok_or_else(|| ClientError::Decode(format!("{path}: no Total header")))?;
        Ok(Page {
            items,
            total,
            page,
            per_page,
        })
    }

    /// Fetches every page of a list endpoint with the largest page size, stopping at the first
    /// short page.
    pub(crate) async fn all_pages<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<T>, ClientError> {
        let mut out = Vec::new();
        for page in 1..=MAX_PAGES {
            let batch: Vec<T> = self
                .call(Method::GET, path, |r| {
                    r.query(query)
                        .query(&[("page", page), ("per_page", MAX_PER_PAGE)])
                })
                .await?;
            let short = batch.len() < MAX_PER_PAGE as usize;
            out.extend(batch);
            if short {
                return Ok(out);
            }
        }
        Err(ClientError::Decode(format!(
            "{path} did not end after {MAX_PAGES} pages"
        )))
    }
}
