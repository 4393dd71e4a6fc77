use reqwest::StatusCode;
use rushes_api::folders::Folder;

use crate::common::{data, error, TestServer};

#[tokio::test]
async fn pages_carry_total_per_page_and_absolute_links() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "P").await;
    for name in ["e", "c", "a", "d", "b"] {
        server.folder(&token, p, None, name).await;
    }

    let res = server
        .get(
            &token,
            &format!("api/projects/{p}/folders?page=2&per_page=2"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["total"], "5");
    assert_eq!(res.headers()["per-page"], "2");
    let base = server.url(&format!("api/projects/{p}/folders"));
    let link = res.headers()["link"].to_str().unwrap().to_owned();
    assert_eq!(
        link,
        format!(
            "<{base}?page=1&per_page=2>; rel=\"first\", <{base}?page=1&per_page=2>; rel=\"prev\", \
             <{base}?page=3&per_page=2>; rel=\"next\", <{base}?page=3&per_page=2>; rel=\"last\""
        )
    );
    let page: Vec<Folder> = data(res).await;
    assert_eq!(
        page.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["c", "d"]
    );

    let last: Vec<Folder> = data(
        server
            .get(
                &token,
                &format!("api/projects/{p}/folders?page=3&per_page=2"),
            )
            .await,
    )
    .await;
    assert_eq!(
        last.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["e"]
    );
}

#[tokio::test]
async fn default_page_size_is_50() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let res = server.get(&token, "api/projects").await;
    assert_eq!(res.headers()["per-page"], "50");
    assert_eq!(res.headers()["total"], "0");
    assert!(res.headers()["link"]
        .to_str()
        .unwrap()
        .contains("page=1&per_page=50>; rel=\"last\""));
}

#[tokio::test]
async fn links_keep_the_parent_filter() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let p = server.project(&token, "P").await;
    let parent = server.folder(&token, p, None, "Parent").await;
    server.folder(&token, p, Some(parent), "one").await;
    server.folder(&token, p, Some(parent), "two").await;
    let res = server
        .get(
            &token,
            &format!("api/projects/{p}/folders?parent_id={parent}&per_page=1"),
        )
        .await;
    let link = res.headers()["link"].to_str().unwrap().to_owned();
    assert!(
        link.contains(&format!(
            "?parent_id={parent}&page=2&per_page=1>; rel=\"next\""
        )),
        "{link}"
    );
}

#[tokio::test]
async fn invalid_page_parameters_are_422() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    for (query, field) in [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=x", "page"),
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
        ("per_page=ten", "per_page"),
    ] {
        let res = server.get(&token, &format!("api/projects?{query}")).await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(err.error.contains_key(field), "{query}: {err:?}");
    }
    let p = server.project(&token, "P").await;
    let res = server
        .get(&token, &format!("api/projects/{p}/folders?parent_id=abc"))
        .await;
    error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}
