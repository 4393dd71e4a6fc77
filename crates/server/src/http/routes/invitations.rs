//! `GET,POST /invite?token=...`: the page where an invited person chooses their password.
//!
//! The token is in the query, not the path, because request spans log paths only. The page is
//! rendered like the authorization pages (no scripts, strict CSP, no framing, no referrer) and
//! its form carries a double-submit CSRF token signed for this invitation (see `auth::csrf`);
//! the invitation token itself is the credential, and it works once.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

use crate::auth::csrf::Binding;
use crate::domain::invitations::{self, AcceptError, INVITE_PATH};
use crate::http::{cookies, html};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The invitation page.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show, accept))
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct AcceptForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

const GONE: &str = "This invitation link does not work: it was used already, it expired, or the \
                    account was switched off. Ask the person who invited you for a new one.";

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "invitation page failed");
    page_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "The server failed. Try again in a moment.",
    )
}

fn page_error(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>Invitation</h1><p class=\"error\" role=\"alert\">{}</p>",
        html::escape(message)
    );
    html::page(status, "Invitation", &body)
}

/// The form; sets the CSRF cookie when the browser has none yet.
fn form(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    token: &str,
    email: &str,
    problem: Option<&str>,
) -> Response {
    let (csrf, fresh) = state.csrf().current(
        cookies::get(headers, cookies::CSRF),
        &Binding::invitation(token),
    );
    let problem = problem
        .map(|p| format!("<p class=\"error\" role=\"alert\">{}</p>", html::escape(p)))
        .unwrap_or_default();
    let body = format!(
        "<h1>Welcome to Rushes</h1><p>Choose a password for <strong>{email}</strong>.</p>\
         {problem}<form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <input type=\"hidden\" name=\"token\" value=\"{token}\">\
         <input type=\"email\" name=\"email\" value=\"{email}\" autocomplete=\"username\" hidden>\
         <label for=\"password\">Password (at least 8 characters)</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"8\" required>\
         <label for=\"password_confirmation\">Password again</label>\
         <input id=\"password_confirmation\" name=\"password_confirmation\" type=\"password\" autocomplete=\"new-password\" required>\
         <button type=\"submit\">Set password</button></form>",
        email = html::escape(email),
        action = html::escape(&format!("{}{INVITE_PATH}", state.base_url().path())),
        csrf = html::escape(&csrf),
        token = html::escape(token),
    );
    let mut response = html::page(status, "Choose a password", &body);
    if fresh {
        if let Some(v) = cookies::set_under(state.base_url(), INVITE_PATH, cookies::CSRF, &csrf) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// `GET /invite?token=...`: the form, or why the link does not work.
#[utoipa::path(get, path = "/invite", tag = "invitations",
    params(("token" = String, Query, description = "The invitation's one-time token")),
    responses((status = 200, description = "The set-a-password form", content_type = "text/html", body = String),
              (status = 404, description = "The link expired, was used, or never existed", content_type = "text/html", body = String)))]
async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Response {
    match invitations::invitee(state.pool(), &query.token).await {
        Ok(Some(user)) => form(
            &state,
            &headers,
            StatusCode::OK,
            &query.token,
            &user.email,
            None,
        ),
        Ok(None) => page_error(StatusCode::NOT_FOUND, GONE),
        Err(e) => failed(e),
    }
}

/// `POST /invite`: checks the CSRF token and the two passwords, then sets the password.
#[utoipa::path(post, path = "/invite", tag = "invitations",
    request_body(content = AcceptForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "Done, or the form again with the problem", content_type = "text/html", body = String),
              (status = 403, description = "The form expired or came from another site", content_type = "text/html", body = String),
              (status = 404, description = "The link expired, was used, or never existed", content_type = "text/html", body = String)))]
async fn accept(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(input): Form<AcceptForm>,
) -> Response {
    let csrf_ok = state.csrf().form_ok(
        cookies::get(&headers, cookies::CSRF),
        &input.csrf,
        &Binding::invitation(&input.token),
    );
    if !csrf_ok {
        return page_error(
            StatusCode::FORBIDDEN,
            "The form expired or was sent from another site. Open the invitation link again.",
        );
    }
    let user = match invitations::invitee(state.pool(), &input.token).await {
        Ok(Some(user)) => user,
        Ok(None) => return page_error(StatusCode::NOT_FOUND, GONE),
        Err(e) => return failed(e),
    };
    let retry = |problem: &str| {
        form(
            &state,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &input.token,
            &user.email,
            Some(problem),
        )
    };
    if input.password != input.password_confirmation {
        return retry("The two passwords are not the same.");
    }
    match invitations::accept(state.pool(), &input.token, &input.password).await {
        Ok(user) => {
            let body = format!(
                "<h1>Password set</h1><p>You can now sign in to Rushes as <strong>{}</strong>.</p>\
                 <p>Go back to the Rushes app and sign in.</p>",
                html::escape(&user.email)
            );
            html::page(StatusCode::OK, "Password set", &body)
        }
        Err(AcceptError::Password(why)) => retry(&format!("The password {why}.")),
        Err(AcceptError::Gone) => page_error(StatusCode::NOT_FOUND, GONE),
        Err(e) => failed(e),
    }
}
