//! The HTTP API: error envelope, extractors and one router per resource. The top of the
//! server's layers: nothing but the code that starts the server uses it.

mod auth_user;
mod client_addr;
mod cookies;
mod docs;
mod error;
mod extract;
mod fallback;
mod guest_session;
mod html;
mod links;
mod listing;
mod log_path;
mod next_path;
mod oauth_body;
mod openapi;
mod origin;
mod paging;
mod respond;
mod routes;
mod tus_error;
mod web_session;
#[cfg(feature = "web-ui")]
mod web_ui;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Request};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub use auth_user::AuthUser;
pub use extract::{InputJson, Json, Path, Query};
pub use listing::{ListDoc, ListParams};
pub use paging::Paging;

/// JSON bodies are small; uploads go through tus (`/uploads`), which streams and has no limit.
const BODY_LIMIT: usize = 1024 * 1024;

/// Every route, one router per resource, without the outer layers; and the OpenAPI document
/// generated from the same routers.
pub fn api_router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let api = OpenApiRouter::new()
        .merge(routes::me::router())
        .merge(routes::usage::router())
        .merge(routes::projects::router())
        .merge(routes::folders::router())
        .merge(routes::files::router())
        .merge(routes::versions::router())
        .merge(routes::activity::router())
        .merge(routes::archives::router())
        .merge(routes::metadata::router())
        .merge(routes::comments::router())
        .merge(routes::members::router())
        .merge(routes::users::router())
        .merge(routes::api_keys::router())
        .merge(routes::oauth_apps::router())
        .merge(routes::authorizations::router())
        .merge(routes::session::router())
        .merge(routes::review_links::router())
        .merge(routes::guest_session::router())
        .merge(routes::guest::router());
    let router = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(routes::health::router())
        .merge(routes::auth::router())
        .merge(routes::oauth_pages::router())
        .merge(routes::signin::router())
        // Not in the OpenAPI document yet.
        .merge(routes::invitations::router())
        .merge(routes::oauth_token::router())
        .merge(routes::media::router())
        .nest("/api", api);
    let (api_routes, mut document) = router.split_for_parts();
    openapi::finish(&mut document);
    // tus is headers, not JSON: it is described in docs/uploads.md rather than the document.
    (api_routes.merge(routes::uploads::router()), document)
}

/// The whole application: routes, the web app (with the `web-ui` feature) or else the envelope
/// for unknown routes, the envelope for bare errors, the body limit, `X-Content-Type-Options:
/// nosniff` on every answer (so a browser never reads a JSON or media answer as HTML or
/// script), and a tracing span per request.
pub fn app(state: AppState) -> Router {
    let (routes, document) = api_router();
    let routes = routes.merge(docs::router(document));
    // The web app answers what no route does, and answers the envelope's 404 itself for what
    // is not a page of it (`/api/...` above all).
    #[cfg(feature = "web-ui")]
    let routes = routes.fallback_service(web_ui::router(state.base_url().path()));
    #[cfg(not(feature = "web-ui"))]
    let routes = routes.fallback(fallback::not_found);
    routes
        .layer(axum::middleware::map_response(
            fallback::envelope_bare_errors,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // The path only, and without a review link's token (see `log_path`).
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let path = log_path::loggable(req.uri().path());
                tracing::info_span!("request", method = %req.method(), path = %path)
            }),
        )
        .with_state(state)
}
