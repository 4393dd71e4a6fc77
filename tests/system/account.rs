//! The client's account methods against the real server: API keys, OAuth apps (with the
//! development code button and secret rotation) and authorizations.

use rushes_api::ipc::{AppError, AppErrorCode};
use rushes_api::oauth::{NewDevCode, NewOAuthApp, OAuthAppUpdate};
use rushes_client::Secret;

use crate::{client_for, TestServer};

#[tokio::test]
async fn api_keys_are_created_listed_used_and_deleted() {
    let server = TestServer::start().await;
    let api = server.client().await;
    let created = api.create_api_key("CI nightly").await.unwrap();
    assert!(created.secret.starts_with(&created.key.prefix));
    let keys = api.list_api_keys().await.unwrap();
    assert!(keys
        .iter()
        .any(|k| k.id == created.key.id && k.name == "CI nightly"));

    // The new key signs in on its own.
    let other = client_for(&server.handle, Secret::new(created.secret.clone()));
    assert_eq!(other.me().await.unwrap().email, crate::OWNER);

    api.delete_api_key(created.key.id).await.unwrap();
    assert!(!api
        .list_api_keys()
        .await
        .unwrap()
        .iter()
        .any(|k| k.id == created.key.id));
    let e = AppError::from(api.delete_api_key(created.key.id).await.unwrap_err());
    assert_eq!(e.code, AppErrorCode::NotFound);
}

#[tokio::test]
async fn oauth_apps_and_authorizations_round_trip() {
    let server = TestServer::start().await;
    let api = server.client().await;
    let created = api
        .create_oauth_app(&NewOAuthApp {
            name: "Review bot".into(),
            redirect_uris: vec!["https://bot.example/cb".into()],
            public: false,
        })
        .await
        .unwrap();
    let first_secret = created
        .client_secret
        .clone()
        .expect("a confidential app's secret");
    let id = created.app.id;
    assert_eq!(api.oauth_app(id).await.unwrap(), created.app);
    assert_eq!(
        api.list_oauth_apps().await.unwrap(),
        vec![created.app.clone()]
    );

    let renamed = api
        .update_oauth_app(
            id,
            &OAuthAppUpdate {
                name: Some("Review bot 2".into()),
                redirect_uris: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Review bot 2");
    let rotated = api.rotate_oauth_app_secret(id).await.unwrap();
    assert_ne!(
        rotated.client_secret.as_deref(),
        Some(first_secret.as_str())
    );

    let code = api
        .generate_oauth_code(id, &NewDevCode::default())
        .await
        .unwrap();
    assert_eq!(code.redirect_uri, "https://bot.example/cb");
    assert!(!code.code.is_empty());

    // Pressing the button is consent: the app is now among the caller's authorizations. Its
    // code buys tokens, and revoking the authorization ends them.
    let authorizations = api.list_authorizations().await.unwrap();
    assert_eq!(authorizations.len(), 1);
    assert_eq!(authorizations[0].client_id, created.app.client_id);
    let http = reqwest::Client::new();
    let tokens: serde_json::Value = http
        .post(server.handle.base_url().join("oauth/token").unwrap())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.code.as_str()),
            ("redirect_uri", code.redirect_uri.as_str()),
            ("client_id", created.app.client_id.as_str()),
            ("client_secret", rotated.client_secret.as_deref().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = tokens["access_token"]
        .as_str()
        .expect("tokens for the code");
    let me = server.handle.base_url().join("api/me").unwrap();
    let status = |token: String| {
        let (http, me) = (http.clone(), me.clone());
        async move {
            http.get(me)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(status(access.to_owned()).await, 200);
    api.revoke_authorization(authorizations[0].id)
        .await
        .unwrap();
    assert_eq!(status(access.to_owned()).await, 401);
    assert!(api.list_authorizations().await.unwrap().is_empty());
    let e = AppError::from(api.revoke_authorization(9999).await.unwrap_err());
    assert_eq!(e.code, AppErrorCode::NotFound);

    api.delete_oauth_app(id).await.unwrap();
    let e = AppError::from(api.oauth_app(id).await.unwrap_err());
    assert_eq!(e.code, AppErrorCode::NotFound);
}
