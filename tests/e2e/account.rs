//! The Account screen in the real app: register an OAuth app with two redirect URIs, copy the
//! secret shown once, generate a development code, and prove both work by exchanging the code
//! for tokens at the library's `/oauth/token`.

use crate::fixtures::Library;
use crate::start_app;

#[tokio::test]
async fn create_an_oauth_app_and_exchange_a_generated_code() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(&dir).await;
    let url = app.library_url().await.unwrap();

    app.click(r#"[data-testid="open-account"]"#).await.unwrap();
    app.click(r#"[data-testid="new-oauth-app"]"#).await.unwrap();
    app.type_into(r#"[data-testid="oauth-app-name"]"#, "Ingest bot")
        .await
        .unwrap();
    app.type_into(
        r#"[data-testid="oauth-app-uri"]"#,
        "https://ingest.example/callback",
    )
    .await
    .unwrap();
    app.click(r#"[data-testid="oauth-app-add-uri"]"#)
        .await
        .unwrap();
    let uris = app
        .client
        .find_all(fantoccini::Locator::Css(r#"[data-testid="oauth-app-uri"]"#))
        .await
        .unwrap();
    uris[1]
        .send_keys("http://127.0.0.1/callback")
        .await
        .unwrap();
    app.click(r#"[data-testid="oauth-app-submit"]"#)
        .await
        .unwrap();

    // The client id and the secret, shown once.
    let client_id = value(&app, r#"[data-testid="oauth-new-client-id"]"#).await;
    let secret = value(&app, r#"[data-testid="oauth-client-secret"]"#).await;
    assert!(!secret.is_empty());
    app.click(r#"[data-testid="secret-done"]"#).await.unwrap();

    // The app's card: two redirect URIs, each with its authorization URL.
    let card = format!(r#"[data-testid="oauth-app"][data-client-id="{client_id}"]"#);
    app.find(&card).await.unwrap();
    let authorize = app
        .client
        .find_all(fantoccini::Locator::Css(&format!(
            r#"{card} [data-testid="oauth-app-authorize-url"]"#
        )))
        .await
        .unwrap();
    assert_eq!(authorize.len(), 2);

    // Generate a development code and exchange it with the secret for tokens.
    app.click(&format!(r#"{card} [data-testid="oauth-app-generate"]"#))
        .await
        .unwrap();
    let code = value(&app, r#"[data-testid="oauth-dev-code"]"#).await;
    let token: serde_json::Value = reqwest::Client::new()
        .post(format!("{url}oauth/token"))
        .json(&serde_json::json!({
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "https://ingest.example/callback",
            "client_id": client_id,
            "client_secret": secret,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(token["access_token"].is_string(), "{token}");

    let library = Library::open(&url, &app.data_dir).await.unwrap();
    let apps = library.api.list_oauth_apps().await.unwrap();
    let registered = apps.iter().find(|a| a.client_id == client_id).unwrap();
    assert_eq!(registered.name, "Ingest bot");
    let uris: Vec<&str> = registered
        .redirect_uris
        .iter()
        .map(|r| r.uri.as_str())
        .collect();
    assert_eq!(
        uris,
        [
            "https://ingest.example/callback",
            "http://127.0.0.1/callback"
        ]
    );
    app.close().await;
}

/// The `value` of the input matching `css`, once it has one.
async fn value(app: &crate::driver::App, css: &str) -> String {
    let deadline = std::time::Instant::now() + crate::driver::PATIENCE;
    loop {
        if let Ok(input) = app.find(css).await {
            if let Ok(Some(v)) = input.prop("value").await {
                if !v.is_empty() {
                    return v;
                }
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never had a value"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
