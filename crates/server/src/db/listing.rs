//! How a list is ordered and filtered: `?sort=name|created_at|updated_at|size`,
//! `?order=asc|desc` and `?name=` (a case-insensitive part of the name).
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
}

impl Default for Listing {
    fn default() -> Self {
        Self {
            sort: SortKey::Name,
            descending: false,
            name_contains: None,
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

    /// The `LIKE` pattern for the name filter (lower case, wildcards in the input escaped with
    /// `\`), or a pattern matching everything.
    pub fn like_pattern(&self) -> String {
        match &self.name_contains {
            None => "%".to_owned(),
            Some(part) => {
                let mut pattern = String::from("%");
                for c in part.to_lowercase().chars() {
                    if matches!(c, '%' | '_' | '\\') {
                        pattern.push('\\');
                    }
                    pattern.push(c);
                }
                pattern.push('%');
                pattern
            }
        }
    }
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
    fn the_order_always_ends_with_the_id() {
        let l = Listing {
            sort: SortKey::Size,
            descending: true,
            name_contains: None,
        };
        assert_eq!(l.order_by("f", true), "ORDER BY f.size DESC, f.id DESC");
        assert_eq!(l.order_by("d", false), "ORDER BY d.name DESC, d.id DESC");
    }
}
