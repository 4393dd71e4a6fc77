//! Tasks on a data dir without a running server: the `rushes-server user create` and
//! `api-key create` commands, and test setup. Safe while a server runs on the same data dir:
//! SQLite (WAL, busy timeout) serialises the writes, PostgreSQL its transactions.
//!
//! Each takes where the database is: a data dir (its `rushes.db`), or a [`DatabaseAt`] naming
//! a database URL too.

use rushes_api::auth::CreatedApiKey;
use rushes_api::users::User;
use rushes_api::Secret;

use crate::provision::{self, NewAccount};
use crate::{DatabaseAt, ServerError, Store};

/// Opens (creating and migrating when needed) the database `at`.
pub async fn open_store<'a>(at: impl Into<DatabaseAt<'a>>) -> Result<Store, ServerError> {
    Store::open_at(at.into()).await
}

/// A user for [`create_user`]. `password: None` makes an account that cannot sign in by
/// password (it is used through API keys only).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    /// Defaults to the part of the email before `@`.
    pub name: Option<String>,
    pub password: Option<Secret>,
    pub is_admin: bool,
}

/// Creates a user in the database `at`.
pub async fn create_user<'a>(
    at: impl Into<DatabaseAt<'a>>,
    new: NewUser,
) -> Result<User, ServerError> {
    let store = open_store(at).await?;
    let account = NewAccount {
        email: new.email,
        name: new.name,
        password: new.password,
        is_admin: new.is_admin,
    };
    let result = provision::create_user(store.pool(), &account).await;
    store.close().await;
    result
}

/// Creates an API key for the user with `user_email` in the database `at`. The secret is in the
/// answer and nowhere else.
pub async fn create_api_key<'a>(
    at: impl Into<DatabaseAt<'a>>,
    user_email: &str,
    name: &str,
) -> Result<CreatedApiKey, ServerError> {
    let store = open_store(at).await?;
    let result = provision::create_api_key(store.pool(), user_email, name).await;
    store.close().await;
    result
}
