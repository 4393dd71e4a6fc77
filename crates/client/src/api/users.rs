//! `/api/me`.

use reqwest::Method;
use rushes_api::users::User;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// The signed-in user.
    pub async fn me(&self) -> Result<User, ClientError> {
        self.call(Method::GET, "me", |r| r).await
    }
}
