//! The web app's sign-in and sign-out pages: `GET,POST /signin` and `POST /signout`.
//!
//! Signing in happens on the server's own page, rendered like the authorization pages (no
//! script, strict CSP, no framing, every value escaped) and throttled like every password
//! sign-in (the same counters: `auth::login`). Success starts a web session (see
//! `auth::web_session`) whose token goes into the `HttpOnly` session cookie and nowhere else,
//! and sends the browser to `next` when that is a path of this server (`http::next_path`), else
//! to the app's root.
//!
//! The sign-in form is protected like the other forms: a double-submit CSRF token, signed for
//! this page, in the form and in a cookie scoped to `/signin` (`auth::csrf`); and the post must
//! come from this server (`http::origin`; `Origin: null` is accepted because the page's
//! `no-referrer` policy makes browsers send it). The sign-out form carries the session's own
//! CSRF token, which the app got from `GET /api/session`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use rushes_api::Id;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::csrf::Binding;
use crate::auth::login::{login, LoginOutcome};
use crate::auth::web_session;
use crate::http::client_addr::ClientAddr;
use crate::http::origin::{self, OpaqueOrigin};
use crate::http::{cookies, html, next_path, Query};
use crate::state::AppState;

/// The sign-in and sign-out pages.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in_page, sign_in))
        .routes(routes!(sign_out))
}

const WRONG: &str = "The email address or the password is wrong.";
const EXPIRED: &str = "The form expired or was sent from another site. Try again.";
const FAILED: &str = "The server failed. Try again in a moment.";
const SIGN_OUT_REFUSED: &str =
    "The form expired or was sent from another site. Reload the app and sign out again.";

/// Where the sign-in form posts, under the server's public path.
fn action(state: &AppState) -> String {
    format!("{}signin", state.base_url().path())
}

/// The sign-in page, setting its CSRF cookie when the browser has no good one yet.
fn form(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    email: &str,
    problem: Option<&str>,
) -> Response {
    let (csrf, fresh) = state.csrf().current(
        cookies::get(headers, cookies::CSRF),
        &Binding::web_sign_in(),
    );
    let mut response = html::web_sign_in(status, &action(state), &csrf, next, email, problem);
    if fresh {
        if let Some(v) = cookies::set_under(state.base_url(), "signin", cookies::CSRF, &csrf) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// `303 See Other` to `path` (after a form post the browser follows with a GET). Never
/// cached: whether it is sent depends on the session.
fn see_other(path: &str) -> Response {
    match HeaderValue::from_str(path) {
        Ok(location) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "sign-in redirect");
            html::page(StatusCode::INTERNAL_SERVER_ERROR, "Sign in", FAILED)
        }
    }
}

#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// `GET /signin`: the form; a browser signed in already goes straight on to `next`.
#[utoipa::path(get, path = "/signin", tag = "session",
    params(("next" = Option<String>, Query, description = "A path of this server to go to once signed in (default: the app's root)")),
    responses((status = 200, description = "The sign-in page", content_type = "text/html", body = String),
              (status = 303, description = "Signed in already: on to `next`")))]
async fn sign_in_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> Response {
    let next = next_path::checked(state.base_url(), &query.next);
    if let Some(token) = cookies::get(&headers, cookies::WEB_SESSION) {
        match web_session::find(state.pool(), &state.tokens().web_sessions, token).await {
            Ok(Some(_)) => return see_other(&next),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "sign-in page failed");
                return form(
                    &state,
                    &headers,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &next,
                    "",
                    Some(FAILED),
                );
            }
        }
    }
    form(&state, &headers, StatusCode::OK, &next, "", None)
}

/// The sign-in form.
#[derive(Deserialize, utoipa::ToSchema)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    /// Where to go once signed in.
    #[serde(default)]
    next: String,
}

/// `POST /signin`: checks the form and the password (throttled); on success starts a web
/// session, sets its cookie and goes on to `next`.
#[utoipa::path(post, path = "/signin", tag = "session",
    request_body(content = SignInForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "The sign-in page again, with the problem", content_type = "text/html", body = String),
              (status = 303, description = "Signed in: the session cookie is set; on to `next`"),
              (status = 403, description = "The form expired or came from another site: the page again", content_type = "text/html", body = String),
              (status = 429, description = "Sign-in is locked for this account or address: the page again, with `Retry-After`", content_type = "text/html", body = String)))]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(input): Form<SignInForm>,
) -> Response {
    let next = next_path::checked(state.base_url(), &input.next);
    let page = |status: StatusCode, problem: &str| {
        form(&state, &headers, status, &next, &input.email, Some(problem))
    };
    let from_here = origin::same_origin(&headers, state.base_url(), OpaqueOrigin::Accepted);
    let csrf_ok = state.csrf().form_ok(
        cookies::get(&headers, cookies::CSRF),
        &input.csrf,
        &Binding::web_sign_in(),
    );
    if !from_here || !csrf_ok {
        return page(StatusCode::FORBIDDEN, EXPIRED);
    }
    let outcome = login(
        state.pool(),
        state.throttle(),
        &input.email,
        &input.password,
        addr,
    )
    .await;
    match outcome {
        Ok(LoginOutcome::SignedIn(user_id)) => match start(&state, &headers, user_id).await {
            Ok(cookie) => {
                let mut response = see_other(&next);
                response.headers_mut().append(header::SET_COOKIE, cookie);
                response
            }
            Err(e) => {
                tracing::error!(error = %e, "could not start a web session");
                page(StatusCode::INTERNAL_SERVER_ERROR, FAILED)
            }
        },
        Ok(LoginOutcome::Rejected) => page(StatusCode::OK, WRONG),
        Ok(LoginOutcome::Locked(wait)) => {
            let mut response = page(StatusCode::TOO_MANY_REQUESTS, &html::locked_message(wait));
            html::retry_after(&mut response, wait);
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            page(StatusCode::INTERNAL_SERVER_ERROR, FAILED)
        }
    }
}

/// Why a session could not be started.
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the session cookie is not a header value")]
    Cookie,
}

/// Starts a session for `user_id` and returns its cookie. A session the browser had before ends:
/// a sign-in never carries on with a token that existed before it.
async fn start(
    state: &AppState,
    headers: &HeaderMap,
    user_id: Id,
) -> Result<HeaderValue, StartError> {
    if let Some(old) = cookies::get(headers, cookies::WEB_SESSION) {
        web_session::end(state.pool(), old).await?;
    }
    let limits = state.tokens().web_sessions;
    let token = web_session::start(state.pool(), &limits, user_id).await?;
    tracing::info!(user = user_id, "signed in to the web app");
    cookies::set_web_session(state.base_url(), &token, limits.max_age).ok_or(StartError::Cookie)
}

/// The sign-out form.
#[derive(Deserialize, utoipa::ToSchema)]
struct SignOutForm {
    /// The session's CSRF token (`csrf_token` of `GET /api/session`).
    #[serde(default)]
    csrf: String,
}

/// `POST /signout`: ends the session and removes its cookie, then on to the sign-in page. The
/// app can also sign out with `DELETE /api/session`.
#[utoipa::path(post, path = "/signout", tag = "session",
    request_body(content = SignOutForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Signed out (or was not signed in): the cookie is removed; on to the sign-in page"),
              (status = 403, description = "The form came from another site or had the wrong CSRF token", content_type = "text/html", body = String)))]
async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(input): Form<SignOutForm>,
) -> Response {
    let failed = |e: sqlx::Error| {
        tracing::error!(error = %e, "sign-out failed");
        html::page(StatusCode::INTERNAL_SERVER_ERROR, "Sign out", FAILED)
    };
    if let Some(token) = cookies::get(&headers, cookies::WEB_SESSION) {
        let session = web_session::find(state.pool(), &state.tokens().web_sessions, token).await;
        match session {
            // Nothing to protect once the session is gone: the cookie is just removed.
            Ok(None) => {}
            Ok(Some(session)) => {
                let from_here =
                    origin::same_origin(&headers, state.base_url(), OpaqueOrigin::Accepted);
                if !from_here || !session.csrf_matches(&input.csrf) {
                    let body = format!(
                        "<h1>Sign out</h1><p class=\"error\" role=\"alert\">{}</p>",
                        html::escape(SIGN_OUT_REFUSED)
                    );
                    return html::page(StatusCode::FORBIDDEN, "Sign out", &body);
                }
                if let Err(e) = web_session::end(state.pool(), token).await {
                    return failed(e);
                }
                tracing::info!(user = session.user.id, "signed out of the web app");
            }
            Err(e) => return failed(e),
        }
    }
    let mut response = see_other(&action(&state));
    if let Some(clear) = cookies::clear_web_session(state.base_url()) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    response
}
