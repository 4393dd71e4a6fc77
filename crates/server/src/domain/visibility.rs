//! Whom a caller may learn about by user id.
//!
//! Anyone may create a project and so manage one; if naming any user id on its member
//! endpoints answered that person's name and email, every account would be a user directory.
//! A person is visible to an admin, to themselves, and to anyone sharing a project with them
//! (a project role or a folder grant in the same project, on either side). Anyone else is
//! answered exactly like an id that does not exist; bringing new people in is an admin's
//! invitation.

use rushes_api::Id;

use crate::db::users::{self, UserRow};
use crate::db::{grants, Pool};
use crate::error::ApiError;

/// User `id` when the caller may see them; `NotFound` when they do not exist or may not.
pub async fn person(pool: &Pool, caller: &UserRow, id: Id) -> Result<UserRow, ApiError> {
    let user = users::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    if caller.is_admin || caller.id == id || grants::share_a_project(pool, caller.id, id).await? {
        Ok(user)
    } else {
        Err(ApiError::NotFound)
    }
}
