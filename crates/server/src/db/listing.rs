//! How a list is ordered and filtered: `?sort=name|created_at|updated_at|size`,
//! `?order=asc|desc`, `?name=` (a case-insensitive part of the name) and, for files,
//! `?status=` (an approval status).
//!
//! The order always ends with the id, so pages never overlap or skip rows when names or dates
//! repeat.

pub use rushes_api::page::SortKey;

/// Order and filter of one list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub sort: SortKey,
    pub descending: bool,
    /// Only names containing this, ignoring case.
    pub name_contains: Option<String>,
    /// Files only: only versions with this approval status.
    pub status: Option<rushes_api::approval::ApprovalStatus>,
}

impl Default for Listing {
    fn default() -> Self {
        Self {
            sort: SortKey::Name,
            descending: false,
            name_contains: None,
            status: None,
        }
    }
}

impl Listing {
    /// The `ORDER BY` clause for a table aliased `alias` (built from the enum, never from input).
    pub fn order_by(&self, alias: &str, has_size: bool) -> String {
        let column = match self.sort {
            SortKey::Name => "name",
            SortKey::CreatedAt => "created_at",
            SortKey::UpdatedAt => "updated_at",
            SortKey::Size if has_size => "size",
            SortKey::Size => "name",
        };
        let dir = if self.descending { "DESC" } else { "ASC" };
        format!("ORDER BY {alias}.{column} {dir}, {alias}.id {dir}")
    }

    /// The `LIKE` pattern for the name filter, or a pattern matching everything.
    pub fn like_pattern(&self) -> String {
        self.name_contains
            .as_deref()
            .map_or_else(|| "%".to_owned(), contains_pattern)
    }
}

/// A `LIKE` pattern matching values that contain `part`, for a column compared as `LOWER(col)`
/// (wildcards in `part` escaped with `\`).
///
/// Only ASCII letters are lowered, exactly as SQLite's `LOWER()` lowers the column: lowering
/// "Ü" here but not there made a name with a capital beyond ASCII unfindable by its own name
/// (and an upload killed after making its record could then not find it again). So filters
/// ignore the case of ASCII letters and match other letters as typed.
pub fn contains_pattern(part: &str) -> String {
    let mut pattern = String::from("%");
    for c in part.to_ascii_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The `WHERE` fragment matching [`Listing::like_pattern`] bound at `$n`.
pub fn name_filter(alias: &str, n: usize) -> String {
    format!("LOWER({alias}.name) LIKE ${n} ESCAPE '\\'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_the_filter_are_literal() {
        let l = Listing {
            name_contains: Some("50%_A\\".into()),
            ..Listing::default()
        };
        assert_eq!(l.like_pattern(), "%50\\%\\_a\\\\%");
        assert_eq!(Listing::default().like_pattern(), "%");
    }

    #[test]
    fn the_filter_lowers_what_the_database_lowers_and_nothing_else() {
        let l = Listing {
            name_contains: Some("Tonspur 1 – Ü.WAV".into()),
            ..Listing::default()
        };
        assert_eq!(l.like_pattern(), "%tonspur 1 – Ü.wav%");
    }

    #[test]
    fn the_order_always_ends_with_the_id() {
        let l = Listing {
            sort: SortKey::Size,
            descending: true,
            name_contains: None,
            status: None,
        };
        assert_eq!(l.order_by("f", true), "ORDER BY f.size DESC, f.id DESC");
        assert_eq!(l.order_by("d", false), "ORDER BY d.name DESC, d.id DESC");
    }
}
