//! The caller's own credentials and apps: `/api/api-keys`, `/api/oauth-apps` and
//! `/api/authorizations`. Secrets in these answers (a new key, a new client secret) are shown
//! once; the caller decides where they go.

use reqwest::Method;
use rushes_api::auth::{ApiKey, CreatedApiKey, NewApiKey};
use rushes_api::oauth::{
    Authorization, CreatedOAuthApp, DevCode, NewDevCode, NewOAuthApp, OAuthApp, OAuthAppUpdate,
};
use rushes_api::Id;

use super::ApiClient;
use crate::ClientError;

impl ApiClient {
    /// The caller's API keys (without their secrets).
    pub async fn list_api_keys(&self) -> Result<Vec<ApiKey>, ClientError> {
        self.all_pages("api-keys", &[]).await
    }

    /// Creates an API key; the answer holds its secret, never shown again.
    pub async fn create_api_key(&self, name: &str) -> Result<CreatedApiKey, ClientError> {
        let body = NewApiKey { name: name.into() };
        self.call(Method::POST, "api-keys", |r| r.json(&body)).await
    }

    /// Deletes an API key; tokens obtained with it stop working.
    pub async fn delete_api_key(&self, id: Id) -> Result<(), ClientError> {
        self.call_empty(Method::DELETE, &format!("api-keys/{id}"), |r| r)
            .await
    }

    /// The OAuth apps the caller registered.
    pub async fn list_oauth_apps(&self) -> Result<Vec<OAuthApp>, ClientError> {
        self.all_pages("oauth-apps", &[]).await
    }

    /// Registers an OAuth app; a confidential app's secret is in the answer, once.
    pub async fn create_oauth_app(
        &self,
        new: &NewOAuthApp,
    ) -> Result<CreatedOAuthApp, ClientError> {
        self.call(Method::POST, "oauth-apps", |r| r.json(new)).await
    }

    /// One of the caller's OAuth apps.
    pub async fn oauth_app(&self, id: Id) -> Result<OAuthApp, ClientError> {
        self.call(Method::GET, &format!("oauth-apps/{id}"), |r| r)
            .await
    }

    /// Renames an app or replaces its redirect URIs.
    pub async fn update_oauth_app(
        &self,
        id: Id,
        update: &OAuthAppUpdate,
    ) -> Result<OAuthApp, ClientError> {
        self.call(Method::PATCH, &format!("oauth-apps/{id}"), |r| {
            r.json(update)
        })
        .await
    }

    /// Deletes an app; every token issued to it stops working.
    pub async fn delete_oauth_app(&self, id: Id) -> Result<(), ClientError> {
        self.call_empty(Method::DELETE, &format!("oauth-apps/{id}"), |r| r)
            .await
    }

    /// Replaces a confidential app's secret; the new one is in the answer, once.
    pub async fn rotate_oauth_app_secret(&self, id: Id) -> Result<CreatedOAuthApp, ClientError> {
        self.call(Method::POST, &format!("oauth-apps/{id}/secret"), |r| r)
            .await
    }

    /// The development "Generate" button: an authorization code for the caller and this app.
    pub async fn generate_oauth_code(
        &self,
        id: Id,
        new: &NewDevCode,
    ) -> Result<DevCode, ClientError> {
        self.call(Method::POST, &format!("oauth-apps/{id}/codes"), |r| {
            r.json(new)
        })
        .await
    }

    /// The apps the caller authorized.
    pub async fn list_authorizations(&self) -> Result<Vec<Authorization>, ClientError> {
        self.all_pages("authorizations", &[]).await
    }

    /// Revokes an authorization and every token it issued.
    pub async fn revoke_authorization(&self, id: Id) -> Result<(), ClientError> {
        self.call_empty(Method::DELETE, &format!("authorizations/{id}"), |r| r)
            .await
    }
}
