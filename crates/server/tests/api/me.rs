use reqwest::StatusCode;
use rushes_api::users::User;

use crate::common::{data, TestServer, ADMIN};

#[tokio::test]
async fn me_is_the_caller() {
    let server = TestServer::start().await;
    let res = server.get(&server.admin_token().await, "api/me").await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: User = data(res).await;
    assert_eq!(me.email, ADMIN);
    assert_eq!(me.name, "Admin");
    assert!(me.is_admin);
    assert!(me.active);

    let token = server.user_token("Ada@Example.org").await;
    let ada: User = data(server.get(&token, "api/me").await).await;
    assert_eq!(
        ada.email, "ada@example.org",
        "emails are stored in lower case"
    );
    assert_eq!(ada.name, "ada");
    assert!(!ada.is_admin);
    assert_ne!(ada.id, me.id);
}
