//! The rows of one page of a list: what the repository functions' `LIMIT` and `OFFSET` are.
//! The web layer works it out from `?page=` and `?per_page=`; everything below takes it as is.

/// The rows of one page, for the repository functions.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: i64,
    pub offset: i64,
}
