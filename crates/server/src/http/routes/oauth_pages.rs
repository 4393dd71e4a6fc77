//! The browser side of the code flow: `GET /oauth/authorize` and the two forms it leads to,
//! `POST /oauth/login` (email and password) and `POST /oauth/consent` (allow or deny).
//!
//! Each form carries the original authorization request, which is checked again on every post,
//! so nothing about the request is trusted from a cookie or a hidden field alone. Forms are
//! protected by a double-submit CSRF token: the `rushes_csrf` cookie (which another site cannot
//! read or, with `SameSite=Lax`, send along with a cross-site post) must equal the form's
//! `csrf` field, and be signed by the server for this browser's session (see `auth::csrf`), so
//! a planted cookie does not pass.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use url::Url;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::csrf::Binding;
use crate::auth::login::{login, LoginOutcome};
use crate::db::oauth_authorizations;
use crate::db::time::now_ms;
use crate::db::users::UserRow;
use crate::http::client_addr::ClientAddr;
use crate::http::cookies;
use crate::http::html::{self, FormContext};
use crate::oauth::request::{self, Refusal, RequestError, ValidRequest};
use crate::oauth::{codes, session};
use crate::state::AppState;

/// The authorization pages.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(authorize))
        .routes(routes!(sign_in))
        .routes(routes!(decide))
}

/// Something went wrong on our side; the details are logged.
fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "authorization page failed");
    html::error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "The server failed. Try again in a moment.",
    )
}

/// The answer to a refused request: an error page, or back to the app with the error.
fn refused(e: RequestError, see_other: bool) -> Response {
    if let Some(url) = e.redirect_url() {
        return to(&url, see_other);
    }
    match e {
        RequestError::Page(message) => html::error(StatusCode::BAD_REQUEST, message),
        other => failed(other),
    }
}

/// Sends the browser to `url`: 303 after a form post, so it follows with a GET; 302 otherwise.
/// Never cached: the URL may carry a code.
fn to(url: &Url, see_other: bool) -> Response {
    let status = if see_other {
        StatusCode::SEE_OTHER
    } else {
        StatusCode::FOUND
    };
    match HeaderValue::from_str(url.as_str()) {
        Ok(location) => (
            status,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(e) => failed(e),
    }
}

/// The path a form posts to, under the server's public URL.
fn action(state: &AppState, path: &str) -> String {
    format!("{}oauth/{path}", state.base_url().path())
}

/// What this browser's CSRF tokens are bound to: its session cookie, if it sends one.
fn binding(headers: &HeaderMap) -> Binding {
    Binding::session(cookies::get(headers, cookies::SESSION))
}

/// The CSRF token of this browser, or a new one to set.
fn csrf_token(state: &AppState, headers: &HeaderMap) -> (String, bool) {
    state
        .csrf()
        .current(cookies::get(headers, cookies::CSRF), &binding(headers))
}

fn set_cookie(response: &mut Response, state: &AppState, name: &str, value: &str) {
    if let Some(v) = cookies::set(state.base_url(), name, value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Whether the form's token equals the cookie's and is ours for this browser's session.
fn csrf_ok(state: &AppState, headers: &HeaderMap, presented: &str) -> bool {
    state.csrf().form_ok(
        cookies::get(headers, cookies::CSRF),
        presented,
        &binding(headers),
    )
}

fn csrf_failed() -> Response {
    html::error(
        StatusCode::FORBIDDEN,
        "The form expired or was sent from another site. Start the sign-in again.",
    )
}

/// The user signed in to this browser, if any.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Option<UserRow>, sqlx::Error> {
    match cookies::get(headers, cookies::SESSION) {
        Some(token) => session::user(state.pool(), token).await,
        None => Ok(None),
    }
}

/// The sign-in page, setting the CSRF cookie when the browser has none yet.
fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    query: &str,
    req: &ValidRequest,
    status: StatusCode,
    email: &str,
    problem: Option<&str>,
) -> Response {
    let (csrf, fresh) = csrf_token(state, headers);
    let action = action(state, "login");
    let form = FormContext {
        action: &action,
        csrf: &csrf,
        request: query,
    };
    let mut response = html::login(status, &form, &req.app.name, email, problem);
    if fresh {
        set_cookie(&mut response, state, cookies::CSRF, &csrf);
    }
    response
}

/// `GET /oauth/authorize`: check the request, then sign in, ask for consent, or (consent given
/// before) go straight back to the app with a code.
#[utoipa::path(get, path = "/oauth/authorize", tag = "oauth-pages",
    params(
        ("response_type" = String, Query, description = "`code`"),
        ("client_id" = String, Query, description = "The app"),
        ("redirect_uri" = String, Query, description = "One of the app's redirect URIs"),
        ("state" = String, Query, description = "Returned to the app unchanged"),
        ("code_challenge" = Option<String>, Query, description = "PKCE (S256); required for public apps"),
        ("code_challenge_method" = Option<String>, Query, description = "`S256`")),
    responses((status = 200, description = "The sign-in or consent page", content_type = "text/html", body = String),
              (status = 302, description = "To the app's redirect URI, with a code or an error"),
              (status = 400, description = "An error page, when the app or its redirect URI is in doubt", content_type = "text/html", body = String)))]
async fn authorize(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    let req = match request::check(state.pool(), &query).await {
        Ok(req) => req,
        Err(e) => return refused(e, false),
    };
    let user = match signed_in(&state, &headers).await {
        Ok(user) => user,
        Err(e) => return failed(e),
    };
    let Some(user) = user else {
        return login_page(&state, &headers, &query, &req, StatusCode::OK, "", None);
    };
    match oauth_authorizations::exists(state.pool(), user.id, req.app.id).await {
        Ok(true) => match codes::issue(state.pool(), &req, user.id).await {
            Ok(url) => to(&url, false),
            Err(e) => failed(e),
        },
        Ok(false) => {
            let (csrf, fresh) = csrf_token(&state, &headers);
            let action = action(&state, "consent");
            let form = FormContext {
                action: &action,
                csrf: &csrf,
                request: &query,
            };
            let mut response = html::consent(&form, &req.app.name, &user.email);
            if fresh {
                set_cookie(&mut response, &state, cookies::CSRF, &csrf);
            }
            response
        }
        Err(e) => failed(e),
    }
}

/// The sign-in form.
#[derive(Deserialize, utoipa::ToSchema)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    request: String,
}

/// `POST /oauth/login`: on success, start a session and go back to the authorize page, which
/// now shows consent (or returns to the app).
#[utoipa::path(post, path = "/oauth/login", tag = "oauth-pages",
    request_body(content = LoginForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "The sign-in page again, with the problem", content_type = "text/html", body = String),
              (status = 303, description = "Back to the authorize page, or to the app's redirect URI"),
              (status = 400, description = "An error page", content_type = "text/html", body = String),
              (status = 403, description = "The form expired or came from another site", content_type = "text/html", body = String)))]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if !csrf_ok(&state, &headers, &form.csrf) {
        return csrf_failed();
    }
    let req = match request::check(state.pool(), &form.request).await {
        Ok(req) => req,
        Err(e) => return refused(e, true),
    };
    let outcome = login(
        state.pool(),
        state.throttle(),
        &form.email,
        &form.password,
        addr,
    )
    .await;
    let page = |status: StatusCode, problem: &str| {
        login_page(
            &state,
            &headers,
            &form.request,
            &req,
            status,
            &form.email,
            Some(problem),
        )
    };
    match outcome {
        Ok(LoginOutcome::SignedIn(user_id)) => {
            let token = match session::start(state.pool(), user_id).await {
                Ok(token) => token,
                Err(e) => return failed(e),
            };
            let back = format!("{}?{}", action(&state, "authorize"), form.request);
            let mut response = Redirect::to(&back).into_response();
            set_cookie(&mut response, &state, cookies::SESSION, &token);
            // A new CSRF token, bound to the new session: one from before cannot be used after.
            let csrf = state.csrf().issue(&Binding::session(Some(&token)));
            set_cookie(&mut response, &state, cookies::CSRF, &csrf);
            response
        }
        Ok(LoginOutcome::Rejected) => page(
            StatusCode::OK,
            "The email address or the password is wrong.",
        ),
        Ok(LoginOutcome::Locked(wait)) => {
            let mut response = page(StatusCode::TOO_MANY_REQUESTS, &html::locked_message(wait));
            html::retry_after(&mut response, wait);
            response
        }
        Err(e) => failed(e),
    }
}

/// The consent form.
#[derive(Deserialize, utoipa::ToSchema)]
struct ConsentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    request: String,
    /// `allow` or `deny`.
    #[serde(default)]
    decision: String,
}

/// `POST /oauth/consent`: remember the consent and return to the app with a code, or tell the
/// app the user said no.
#[utoipa::path(post, path = "/oauth/consent", tag = "oauth-pages",
    request_body(content = ConsentForm, content_type = "application/x-www-form-urlencoded"),
    responses(
              (status = 303, description = "Back to the authorize page, or to the app's redirect URI"),
              (status = 400, description = "An error page", content_type = "text/html", body = String),
              (status = 403, description = "The form expired or came from another site", content_type = "text/html", body = String)))]
async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ConsentForm>,
) -> Response {
    if !csrf_ok(&state, &headers, &form.csrf) {
        return csrf_failed();
    }
    let req = match request::check(state.pool(), &form.request).await {
        Ok(req) => req,
        Err(e) => return refused(e, true),
    };
    let user = match signed_in(&state, &headers).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            let back = format!("{}?{}", action(&state, "authorize"), form.request);
            return Redirect::to(&back).into_response();
        }
        Err(e) => return failed(e),
    };
    if form.decision != "allow" {
        let to = match Url::parse(&req.redirect_uri) {
            Ok(url) => url,
            Err(e) => return failed(e),
        };
        let denied = RequestError::Redirect(Box::new(Refusal {
            to,
            error: "access_denied",
            description: "the user denied access",
            state: Some(req.state.clone()),
        }));
        return refused(denied, true);
    }
    if let Err(e) = oauth_authorizations::grant(state.pool(), user.id, req.app.id, now_ms()).await {
        return failed(e);
    }
    tracing::info!(app = req.app.id, user = user.id, "authorized an OAuth app");
    match codes::issue(state.pool(), &req, user.id).await {
        Ok(url) => to(&url, true),
        Err(e) => failed(e),
    }
}
