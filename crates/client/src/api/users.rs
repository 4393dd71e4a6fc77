//! `/api/me`, `/api/me/usage` and `/api/users`.

use reqwest::Method;
use rushes_api::members::UserGrant;
use rushes_api::usage::StorageUsage;
use rushes_api::users::{CreatedUser, NewUser, User, UserUpdate};
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// The signed-in user.
    pub async fn me(&self) -> Result<User, ClientError> {
        self.call(Method::GET, "me", |r| r).await
    }

    /// The signed-in user's storage: bytes used and the server's per-user limit.
    pub async fn my_usage(&self) -> Result<StorageUsage, ClientError> {
        self.call(Method::GET, "me/usage", |r| r).await
    }
}

impl ApiClient {
    /// Every user whose name and email contain the given parts (ignoring case), all pages.
    /// Server admins only.
    pub async fn list_users(
        &self,
        name: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<User>, ClientError> {
        let mut query = Vec::new();
        if let Some(name) = name {
            query.push(("name", name.to_owned()));
        }
        if let Some(email) = email {
            query.push(("email", email.to_owned()));
        }
        self.all_pages("users", &query).await
    }

    /// Creates a user. Without a password the answer carries the one-time invitation link to
    /// send them. Server admins only.
    pub async fn create_user(&self, new: &NewUser) -> Result<CreatedUser, ClientError> {
        self.call(Method::POST, "users", |r| r.json(new)).await
    }

    /// One user (server admins; anyone for themselves).
    pub async fn user(&self, id: Id) -> Result<User, ClientError> {
        self.call(Method::GET, &format!("users/{id}"), |r| r).await
    }

    /// Changes a user; `active: Some(false)` signs them out everywhere. Server admins only.
    pub async fn update_user(&self, id: Id, change: &UserUpdate) -> Result<User, ClientError> {
        self.call(Method::PATCH, &format!("users/{id}"), |r| r.json(change))
            .await
    }

    /// A new invitation link for a user (when the first one expired). Server admins only.
    pub async fn reinvite_user(&self, id: Id) -> Result<CreatedUser, ClientError> {
        self.call(Method::POST, &format!("users/{id}/invitation"), |r| r)
            .await
    }

    /// Every grant of a user (server admins; anyone for themselves).
    pub async fn user_roles(&self, id: Id) -> Result<Vec<UserGrant>, ClientError> {
        self.call(Method::GET, &format!("users/{id}/roles"), |r| r)
            .await
    }

    /// Replaces every grant of a user at once; an empty set deactivates them. Server admins
    /// only.
    pub async fn set_user_roles(
        &self,
        id: Id,
        grants: &[UserGrant],
    ) -> Result<Vec<UserGrant>, ClientError> {
        self.call(Method::PUT, &format!("users/{id}/roles"), |r| {
            r.json(grants)
        })
        .await
    }
}
