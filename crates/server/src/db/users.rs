//! The `users` table.

use rushes_api::users::User;
use rushes_api::Id;
use sqlx::Executor;

use super::time::to_timestamp;
use super::{Db, Flag};

/// A user as stored. The password hash stays in the table; [`password_hash`] reads it for sign-in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: Id,
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "Flag")]
    pub is_admin: bool,
    #[sqlx(try_from = "Flag")]
    pub active: bool,
    pub created_at: i64,
}

impl UserRow {
    /// The user as the API shows it.
    pub fn to_api(&self) -> User {
        User {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            is_admin: self.is_admin,
            active: self.active,
            created_at: to_timestamp(self.created_at),
        }
    }
}

/// The columns a new user needs.
pub struct NewUserRow<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: Option<&'a str>,
    pub is_admin: bool,
}

/// Booleans as expressions: see [`Flag`].
const COLUMNS: &str =
    "id, email, name, (is_admin = TRUE) AS is_admin, (active = TRUE) AS active, created_at";

/// Inserts a user. A taken email is a unique violation (see [`super::is_unique_violation`]).
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &NewUserRow<'_>,
    now: i64,
) -> Result<UserRow, sqlx::Error> {
    let sql = format!(
        "INSERT INTO users (email, name, password_hash, is_admin, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING {COLUMNS}"
    );
    sqlx::query_as(&sql)
        .bind(new.email)
        .bind(new.name)
        .bind(new.password_hash)
        .bind(new.is_admin)
        .bind(now)
        .fetch_one(ex)
        .await
}

/// The user with this id.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
}

/// The user with this (already normalised, lower-case) email address.
pub async fn by_email<'c>(
    ex: impl Executor<'c, Database = Db>,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    sqlx::query_as(&sql).bind(email).fetch_optional(ex).await
}

/// How many users exist: zero means a fresh data dir that needs its first admin.
pub async fn count<'c>(ex: impl Executor<'c, Database = Db>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(ex)
        .await
}

/// The password hash of the user with this (normalised) email, for signing in. `None` when no
/// such user exists; an inner `None` when the account cannot sign in by password.
pub async fn password_hash<'c>(
    ex: impl Executor<'c, Database = Db>,
    email: &str,
) -> Result<Option<(Id, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(ex)
        .await
}
