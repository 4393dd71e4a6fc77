//! Queries assembled at run time (listing filters), with `$n` placeholders.
//!
//! sqlx's own `QueryBuilder` writes the placeholders of the `Any` driver as `?`, which SQLite
//! accepts and PostgreSQL does not; this one numbers them (`$1, $2, ...`), which both accept.

use std::fmt::Display;

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{QueryAs, QueryScalar};
use sqlx::{Arguments, Encode, FromRow, Type};

use super::Db;

/// SQL text and the values bound to its placeholders, in order.
pub struct QueryBuilder<'q> {
    sql: String,
    arguments: AnyArguments<'q>,
}

impl<'q> QueryBuilder<'q> {
    pub fn new(init: impl Into<String>) -> Self {
        Self {
            sql: init.into(),
            arguments: AnyArguments::default(),
        }
    }

    /// Appends SQL text as it is.
    pub fn push(&mut self, sql: impl Display) -> &mut Self {
        use std::fmt::Write as _;
        let _ = write!(self.sql, "{sql}");
        self
    }

    /// Binds `value` and appends its placeholder.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + Encode<'q, Db> + Type<Db>,
    {
        // Encoding into the `Any` buffer only records the value; it cannot fail.
        self.arguments
            .add(value)
            .expect("a value for the Any driver's buffer");
        let n = self.arguments.len();
        self.push(format_args!("${n}"))
    }

    /// The query, its rows mapped to `O`.
    pub fn build_query_as<'a, O>(&'a mut self) -> QueryAs<'a, Db, O, AnyArguments<'a>>
    where
        'q: 'a,
        O: for<'r> FromRow<'r, AnyRow>,
    {
        sqlx::query_as_with(&self.sql, std::mem::take(&mut self.arguments))
    }

    /// The query, its first column mapped to `O`.
    pub fn build_query_scalar<'a, O>(&'a mut self) -> QueryScalar<'a, Db, O, AnyArguments<'a>>
    where
        'q: 'a,
        (O,): for<'r> FromRow<'r, AnyRow>,
    {
        sqlx::query_scalar_with(&self.sql, std::mem::take(&mut self.arguments))
    }
}
