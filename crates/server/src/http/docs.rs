//! `GET /api/openapi.json` (the document) and `GET /api/docs` (Swagger UI over it).
//!
//! Swagger UI's files are compiled into the binary from the `utoipa-swagger-ui-vendored` crate:
//! nothing is downloaded when building, and the page loads nothing from elsewhere at run time.
//! Its page has no inline script (the configuration is served as `swagger-initializer.js`), so
//! it runs under a policy that allows only this server's own scripts, styles and requests. The
//! online spec validator is switched off: it would send the document to a third party.
//!
//! Swagger UI is the `swagger-ui` feature, on by default. The desktop app's local library leaves
//! it out: its files are about 11 MB of the binary (source maps included), a quarter of the app's
//! package, and nobody browses the library's API from inside the app. It still serves the
//! document.

use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Router;
use utoipa::openapi::OpenApi;

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/openapi.json";
/// Where Swagger UI is served.
#[cfg(feature = "swagger-ui")]
pub const UI_PATH: &str = "/api/docs";

/// Same-origin scripts, styles and requests only. `data:` images are the icons inlined in
/// Swagger UI's stylesheet. The browser refuses and logs one inline style Swagger UI applies;
/// the page renders and works without it, and allowing it would take `'unsafe-hashes'`.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
frame-ancestors 'none'";

/// The document and (with the `swagger-ui` feature) Swagger UI, with the security headers on
/// every answer.
pub fn router<S>(document: OpenApi) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    serve(document).layer(axum::middleware::map_response(secure))
}

#[cfg(feature = "swagger-ui")]
fn serve<S>(document: OpenApi) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    use utoipa_swagger_ui::{Config, SwaggerUi};

    let ui = SwaggerUi::new(UI_PATH)
        .url(DOCUMENT_PATH, document)
        .config(Config::default().validator_url("none"));
    Router::from(ui)
}

/// The document alone, as Swagger UI's router serves it.
#[cfg(not(feature = "swagger-ui"))]
fn serve<S>(document: OpenApi) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let get = axum::routing::get(move || async move { axum::Json(document) });
    // The document describes the API; it is not an endpoint of it.
    #[allow(clippy::disallowed_methods)]
    Router::new().route(DOCUMENT_PATH, get)
}

async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
