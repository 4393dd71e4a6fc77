//! The pagination `Link` header (RFC 8288), GitHub style: absolute URLs for rel first, prev,
//! next and last.

use url::Url;

/// The last page number for `total` items (at least 1, so an empty list still has a page).
pub fn last_page(total: u64, per_page: u32) -> u64 {
    total.div_ceil(u64::from(per_page.max(1))).max(1)
}

/// The `Link` value for page `page` of `request`, whose other query parameters are kept.
pub fn link_header(request: &Url, page: u64, per_page: u32, total: u64) -> String {
    let last = last_page(total, per_page);
    let mut rels: Vec<(u64, &str)> = vec![(1, "first")];
    if page > 1 {
        rels.push(((page - 1).min(last), "prev"));
    }
    if page < last {
        rels.push((page + 1, "next"));
    }
    rels.push((last, "last"));
    rels.iter()
        .map(|(p, rel)| format!("<{}>; rel=\"{rel}\"", page_url(request, *p, per_page)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `request` pointed at another page.
fn page_url(request: &Url, page: u64, per_page: u32) -> Url {
    let kept: Vec<(String, String)> = request
        .query_pairs()
        .filter(|(k, _)| k != "page" && k != "per_page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut url = request.clone();
    url.set_query(None);
    {
        let mut query = url.query_pairs_mut();
        for (k, v) in &kept {
            query.append_pair(k, v);
        }
        query
            .append_pair("page", &page.to_string())
            .append_pair("per_page", &per_page.to_string());
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn last_page_rounds_up_and_is_never_zero() {
        assert_eq!(last_page(0, 50), 1);
        assert_eq!(last_page(50, 50), 1);
        assert_eq!(last_page(51, 50), 2);
        assert_eq!(last_page(100_000, 500), 200);
    }

    #[test]
    fn a_middle_page_links_all_four_ways() {
        let link = link_header(&url("http://h/api/projects?page=2&per_page=10"), 2, 10, 35);
        assert_eq!(
            link,
            "<http://h/api/projects?page=1&per_page=10>; rel=\"first\", \
             <http://h/api/projects?page=1&per_page=10>; rel=\"prev\", \
             <http://h/api/projects?page=3&per_page=10>; rel=\"next\", \
             <http://h/api/projects?page=4&per_page=10>; rel=\"last\""
        );
    }

    #[test]
    fn the_first_page_has_no_prev_and_the_last_no_next() {
        let first = link_header(&url("http://h/x"), 1, 10, 20);
        assert!(!first.contains("rel=\"prev\""));
        assert!(first.contains("page=2&per_page=10>; rel=\"next\""));
        let last = link_header(&url("http://h/x"), 2, 10, 20);
        assert!(!last.contains("rel=\"next\""));
        assert!(last.contains("page=1&per_page=10>; rel=\"prev\""));
    }

    #[test]
    fn other_query_parameters_are_kept_and_page_parameters_replaced() {
        let link = link_header(&url("http://h/f?per_page=5&parent_id=7&page=1"), 1, 5, 6);
        assert!(link.contains("<http://h/f?parent_id=7&page=2&per_page=5>; rel=\"next\""));
    }

    #[test]
    fn a_page_past_the_end_points_prev_at_the_last_page() {
        let link = link_header(&url("http://h/x"), 9, 10, 15);
        assert!(link.contains("page=2&per_page=10>; rel=\"prev\""));
        assert!(!link.contains("rel=\"next\""));
    }

    #[test]
    fn a_public_url_with_a_path_prefix_is_respected() {
        let link = link_header(&url("https://media.example/rushes/api/projects"), 1, 50, 0);
        assert!(link.starts_with("<https://media.example/rushes/api/projects?page=1&per_page=50>"));
    }
}
