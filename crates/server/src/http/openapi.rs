//! The OpenAPI 3 document, generated from the code: served at `/api/openapi.json` and shown by
//! Swagger UI at `/api/docs` (see [`super::docs`]).
//!
//! Routes are registered with utoipa-axum's `OpenApiRouter` and `routes!()`, which take the
//! path from the handler's `#[utoipa::path]` and add route and documentation in one step, so a
//! handler cannot be routed without being documented. Plain `.route()` is refused by clippy
//! (`disallowed-methods` in `crates/server/clippy.toml`).
//!
//! # Adding an endpoint
//!
//! 1. Annotate the handler. `path` is relative to the router it is nested in (`/api` for the
//!    JSON API); request and answer types come from `rushes_api` (behind its `openapi` feature):
//!
//!    ```ignore
//!    /// Renames a widget. (The first line is the summary, the rest the description.)
//!    #[utoipa::path(patch, path = "/widgets/{id}", tag = "widgets",
//!        params(("id" = i64, Path, description = "The widget")),
//!        request_body = WidgetUpdate,
//!        responses((status = 200, description = "The widget as it is now", body = Envelope<Widget>),
//!                  (status = 404, description = "No such widget", body = ErrorEnvelope)),
//!        security(("bearer" = []), ("access_token" = [])))]
//!    async fn update(/* extractors */) -> Result<Response, ApiError> { /* ... */ }
//!    ```
//!
//! 2. Register it: `OpenApiRouter::new().routes(routes!(show, update))` in the resource's
//!    `router()`; handlers of one `routes!()` share one path. Merge a new resource's router in
//!    [`super::api_router`], and give a new tag a line in [`ApiDoc`].
//!
//! What is the same for every endpoint is added here, once: the `401` of every endpoint that
//! needs a token, and the `Total`, `Per-Page` and `Link` headers of every list (an endpoint that
//! takes `params(PageQuery)`, which is what the `Paging` extractor reads).

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, OpenApi, RefOr, ResponseBuilder, Type};
use utoipa::{Modify, PartialSchema, ToSchema};

use rushes_api::error::ErrorEnvelope;

/// The name of the `Authorization: Bearer` scheme in `security(...)`.
pub const BEARER: &str = "bearer";
/// The name of the `access_token` header scheme in `security(...)`.
pub const ACCESS_TOKEN: &str = "access_token";
/// The name of the web app's session cookie scheme in `security(...)`.
pub const SESSION_COOKIE: &str = "session_cookie";
/// The name of a review link guest's cookie scheme in `security(...)`.
pub const GUEST_COOKIE: &str = "guest_cookie";

/// The parts of the document that are not routes: its title, the tags, the security schemes
/// and the shared responses and headers.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Rushes",
        description = "The Rushes media server. JSON answers are wrapped in the success envelope \
            `{\"status\",\"status_message\",\"info\",\"data\"}`; every 4xx and 5xx of the API has \
            the error envelope `{\"status\",\"status_message\",\"error\",\"code\"}`. The OAuth \
            endpoints speak RFC 6749 instead. Lists take `page` and `per_page` and answer with \
            `Total`, `Per-Page` and `Link` headers.",
    ),
    tags(
        (name = "me", description = "The caller"),
        (name = "projects", description = "Projects: the top of the resource tree"),
        (name = "folders", description = "Nested folders inside a project"),
        (name = "files", description = "Files in a folder; their bytes arrive by upload"),
        (name = "archives", description = "Folders and selections downloaded as one streamed ZIP"),
        (name = "metadata", description = "Custom and technical metadata of files and folders"),
        (name = "comments", description = "Frame-accurate comments on files, one level of replies"),
        (name = "activity", description = "What happened in a project, and the caller's notifications"),
        (name = "members", description = "Who has which role on a project or folder"),
        (name = "users", description = "Accounts, invitations and the whole set of a user's roles"),
        (name = "invitations", description = "The page where an invited person sets a password (HTML)"),
        (name = "media", description = "Signed, expiring media URLs (no token; ranges, HEAD)"),
        (name = "api-keys", description = "The caller's API keys"),
        (name = "oauth-apps", description = "OAuth apps the caller registered"),
        (name = "authorizations", description = "Apps the caller authorized"),
        (name = "auth", description = "api.video's token endpoints: bare token answers"),
        (name = "oauth", description = "OAuth 2 for clients: RFC 6749 bodies and errors"),
        (name = "oauth-pages", description = "The sign-in and consent pages, for browsers (HTML)"),
        (name = "session", description = "The web app's sign-in: its pages (HTML), and the session cookie with its CSRF token"),
        (name = "review-links", description = "Folders and files shared with people who have no account"),
        (name = "guest", description = "What a review link's guest reaches, with the guest cookie"),
        (name = "health", description = "For load balancers and scripts"),
    ),
    components(schemas(ErrorEnvelope)),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

/// Adds what every endpoint of a kind has to the document of all routes. Runs after the routes
/// are merged: `ApiDoc`'s own modifiers run before there are any.
pub fn finish(openapi: &mut OpenApi) {
    OperationIds.modify(openapi);
    SessionCookie.modify(openapi);
    Unauthorized.modify(openapi);
    PageHeaders.modify(openapi);
}

/// Operation ids must be unique in a document, and utoipa takes the handler's name, which is
/// `list` or `show` in many modules: prefix the tag (`api_keys_list`, `oauth_apps_show`).
struct OperationIds;

impl Modify for OperationIds {
    fn modify(&self, openapi: &mut OpenApi) {
        for operation in operations(openapi) {
            let tag = operation.tags.iter().flatten().next().cloned();
            if let (Some(tag), Some(id)) = (tag, operation.operation_id.as_mut()) {
                *id = format!("{}_{id}", tag.replace('-', "_"));
            }
        }
    }
}

/// How a caller is authenticated: `Authorization: Bearer <t>`, Webgate's `access_token: <t>`,
/// or the web app's session cookie.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An access token from /auth/api-key, /auth/refresh or /oauth/token",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            SESSION_COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::http::cookies::WEB_SESSION,
                "The web app's session (HttpOnly; set by POST /signin). Accepted only from the \
                 server's own pages (Origin, Sec-Fetch-Site); requests other than GET and HEAD \
                 also need the session's CSRF token (GET /api/session) in X-CSRF-Token",
            ))),
        );
        components.add_security_scheme(
            GUEST_COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::http::cookies::GUEST_SESSION,
                "A review link guest's session (HttpOnly; set by POST /api/guest/session). The \
                 web app session's rules: the server's own pages only, and the guest session's \
                 CSRF token in X-CSRF-Token on requests other than GET and HEAD",
            ))),
        );
        components.add_security_scheme(
            ACCESS_TOKEN,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "access_token",
                "The same access token in an `access_token` header, as Webgate's clients send it",
            ))),
        );
    }
}

/// Every endpoint that takes a token also takes the web app's session cookie (the `AuthUser`
/// extractor reads both), so it is an alternative on each of them; saying so on every handler
/// would only be repeated noise.
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut OpenApi) {
        for operation in operations(openapi) {
            let Some(security) = operation.security.as_mut() else {
                continue;
            };
            let bearer = SecurityRequirement::new::<_, _, String>(BEARER, []);
            if security.contains(&bearer) {
                security.push(SecurityRequirement::new::<_, _, String>(SESSION_COOKIE, []));
            }
        }
    }
}

/// Every endpoint that needs a token answers 401 with the error envelope without one; saying
/// so on each handler would only be repeated noise.
struct Unauthorized;

impl Modify for Unauthorized {
    fn modify(&self, openapi: &mut OpenApi) {
        for operation in operations(openapi) {
            let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
            if secured {
                operation
                    .responses
                    .responses
                    .entry("401".to_owned())
                    .or_insert_with(|| {
                        RefOr::T(
                            ResponseBuilder::new()
                                .description(
                                    "No access token, or one that is invalid, expired or revoked",
                                )
                                .content(
                                    "application/json",
                                    ContentBuilder::new()
                                        .schema(Some(RefOr::Ref(
                                            utoipa::openapi::Ref::from_schema_name(
                                                ErrorEnvelope::name(),
                                            ),
                                        )))
                                        .build(),
                                )
                                .build(),
                        )
                    });
            }
        }
    }
}

/// Lists answer with `Total`, `Per-Page` and `Link`; a list is an operation with a `per_page`
/// parameter, which is exactly the one that takes `Paging`.
struct PageHeaders;

impl Modify for PageHeaders {
    fn modify(&self, openapi: &mut OpenApi) {
        let integer = || RefOr::T(ObjectBuilder::new().schema_type(Type::Integer).into());
        let headers = [
            ("Total", integer(), "How many items the whole list has"),
            (
                "Per-Page",
                integer(),
                "Items per page, as used for this answer",
            ),
            (
                "Link",
                String::schema(),
                "RFC 8288 links to the `first`, `prev`, `next` and `last` pages",
            ),
        ];
        for operation in operations(openapi) {
            let is_list = operation
                .parameters
                .iter()
                .flatten()
                .any(|p| p.name == "per_page");
            if !is_list {
                continue;
            }
            if let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") {
                for (name, schema, description) in &headers {
                    ok.headers.insert(
                        (*name).to_owned(),
                        HeaderBuilder::new()
                            .schema(schema.clone())
                            .description(Some(*description))
                            .build(),
                    );
                }
            }
        }
    }
}

/// Every operation of every path.
fn operations(openapi: &mut OpenApi) -> impl Iterator<Item = &mut Operation> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
    })
}
