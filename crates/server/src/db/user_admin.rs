//! The `users` table as server admins manage it: listing with filters, changing fields.
//!
//! Kept apart from [`super::users`], which serves sign-in and the bootstrap, so each stays small.

use rushes_api::Id;
use sqlx::Executor;

use super::listing::contains_pattern;
use super::users::UserRow;
use super::Db;
use super::QueryBuilder;

/// Booleans as expressions: see [`super::Flag`].
const COLUMNS: &str =
    "id, email, name, (is_admin = TRUE) AS is_admin, (active = TRUE) AS active, created_at";

/// `?name=` and `?email=` on the user list: parts of the name or email, ignoring case.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub name: Option<String>,
    pub email: Option<String>,
}

impl UserFilter {
    fn push_where(&self, qb: &mut QueryBuilder<'_>) {
        qb.push(" WHERE 1 = 1");
        if let Some(name) = &self.name {
            qb.push(" AND LOWER(name) LIKE ")
                .push_bind(contains_pattern(name))
                .push(" ESCAPE '\\'");
        }
        if let Some(email) = &self.email {
            qb.push(" AND email LIKE ")
                .push_bind(contains_pattern(email))
                .push(" ESCAPE '\\'");
        }
    }
}

/// One page of users matching `filter`, by name then id.
pub async fn list<'c>(
    ex: impl Executor<'c, Database = Db>,
    filter: &UserFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserRow>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS} FROM users"));
    filter.push_where(&mut qb);
    qb.push(" ORDER BY LOWER(name), id LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    qb.build_query_as().fetch_all(ex).await
}

/// How many users match `filter`.
pub async fn count<'c>(
    ex: impl Executor<'c, Database = Db>,
    filter: &UserFilter,
) -> Result<i64, sqlx::Error> {
    let mut qb = QueryBuilder::new("SELECT COUNT(*) FROM users");
    filter.push_where(&mut qb);
    qb.build_query_scalar().fetch_one(ex).await
}

/// Changes name, email and admin flag (each only when given). A taken email is a unique
/// violation.
pub async fn update_profile<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    name: Option<&str>,
    email: Option<&str>,
    is_admin: Option<bool>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET name = COALESCE($1, name), email = COALESCE($2, email), \
         is_admin = COALESCE($3, is_admin), updated_at = $4 WHERE id = $5",
    )
    .bind(name)
    .bind(email)
    .bind(is_admin)
    .bind(now)
    .bind(id)
    .execute(ex)
    .await
    .map(drop)
}

/// Stores a new password hash and ends the user's web app sessions: whoever signed in with the
/// old password (perhaps the reason it is being changed) is signed out. Run it in the
/// transaction of the change.
pub async fn set_password_hash(
    conn: &mut <Db as sqlx::Database>::Connection,
    id: Id,
    hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    super::web_sessions::delete_for_user(&mut *conn, id).await?;
    Ok(())
}
