//! The server-rendered pages: the authorization pages (sign-in, consent, error) and the web
//! app's sign-in page.
//!
//! They load nothing from anywhere (no scripts, fonts or images; the style is inline), and every
//! answer carries a CSP that forbids anything else, refuses framing (clickjacking of the consent
//! button) and lets forms post only to this server. Every value put into the HTML is escaped.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The policy every page is served with.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;background:#f4f4f5;color:#18181b;\
margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}\
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 1px 3px #0002;width:22rem}\
h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin:.75rem 0 .25rem}\
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;\
border:1px solid #a1a1aa;border-radius:6px}button{margin-top:1rem;padding:.5rem 1rem;\
border-radius:6px;border:1px solid #3f3f46;background:#18181b;color:#fff;cursor:pointer}\
button.secondary{background:#fff;color:#18181b}.error{color:#b91c1c}";

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A page with the security headers. `body` must already be escaped.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{} - Rushes</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        escape(title)
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// What every form of the flow carries: where it posts, its CSRF token and the original
/// authorization request, which is checked again on every post.
pub struct FormContext<'a> {
    pub action: &'a str,
    pub csrf: &'a str,
    pub request: &'a str,
}

impl FormContext<'_> {
    fn hidden(&self) -> String {
        format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <input type=\"hidden\" name=\"request\" value=\"{}\">",
            escape(self.csrf),
            escape(self.request)
        )
    }
}

/// The sign-in page. `problem` is shown above the form; `email` refills the field.
pub fn login(
    status: StatusCode,
    form: &FormContext<'_>,
    app_name: &str,
    email: &str,
    problem: Option<&str>,
) -> Response {
    let problem = problem
        .map(|p| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(p)))
        .unwrap_or_default();
    let body = format!(
        "<h1>Sign in to Rushes</h1><p><strong>{app}</strong> wants to use your account.</p>\
         {problem}<form method=\"post\" action=\"{action}\">{hidden}\
         <label for=\"email\">Email</label>\
         <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required value=\"{email}\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button type=\"submit\">Sign in</button></form>",
        app = escape(app_name),
        action = escape(form.action),
        hidden = form.hidden(),
        email = escape(email),
    );
    page(status, "Sign in", &body)
}

/// The consent page: allow or deny `app_name` access as `user_email`.
pub fn consent(form: &FormContext<'_>, app_name: &str, user_email: &str) -> Response {
    let body = format!(
        "<h1>Allow access?</h1><p><strong>{app}</strong> wants to use Rushes as \
         <strong>{email}</strong>: see and change your projects, folders and files.</p>\
         <form method=\"post\" action=\"{action}\">{hidden}\
         <button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> \
         <button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button>\
         </form>",
        app = escape(app_name),
        email = escape(user_email),
        action = escape(form.action),
        hidden = form.hidden(),
    );
    page(StatusCode::OK, "Allow access", &body)
}

/// The web app's sign-in page: email and password, posted to `action` with the CSRF token and
/// where to go afterwards (`next`, already checked). `problem` is shown above the form; `email`
/// refills the field.
pub fn web_sign_in(
    status: StatusCode,
    action: &str,
    csrf: &str,
    next: &str,
    email: &str,
    problem: Option<&str>,
) -> Response {
    let problem = problem
        .map(|p| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(p)))
        .unwrap_or_default();
    let body = format!(
        "<h1>Sign in to Rushes</h1>{problem}<form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <input type=\"hidden\" name=\"next\" value=\"{next}\">\
         <label for=\"email\">Email</label>\
         <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required autofocus value=\"{email}\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button type=\"submit\">Sign in</button></form>",
        action = escape(action),
        csrf = escape(csrf),
        next = escape(next),
        email = escape(email),
    );
    page(status, "Sign in", &body)
}

/// What a sign-in page says while sign-in is locked for `wait`.
pub fn locked_message(wait: std::time::Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    format!(
        "Too many failed sign-ins. Sign-in is locked; try again in {minutes} minute{}.",
        if minutes == 1 { "" } else { "s" }
    )
}

/// An error that is not sent back to the app (its identity or redirect URI is in doubt).
pub fn error(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>This sign-in link does not work</h1><p class=\"error\">{}</p>\
         <p>Go back to the app and start again. If it keeps happening, tell the app's maker.</p>",
        escape(message)
    );
    page(status, "Sign-in problem", &body)
}

/// `Retry-After` in whole seconds, rounded up.
pub fn retry_after(response: &mut Response, wait: std::time::Duration) {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_lock_is_told_in_whole_minutes() {
        use std::time::Duration;
        assert!(locked_message(Duration::from_secs(1)).ends_with("in 1 minute."));
        assert!(locked_message(Duration::from_secs(61)).ends_with("in 2 minutes."));
    }

    #[tokio::test]
    async fn the_web_sign_in_page_escapes_what_it_is_given() {
        let response = web_sign_in(
            StatusCode::OK,
            "/signin",
            "t.k",
            "/x?a=\"><script>",
            "<b>",
            Some("<i>"),
        );
        assert_eq!(response.headers()[header::CONTENT_SECURITY_POLICY], CSP);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            html.contains("value=\"/x?a=&quot;&gt;&lt;script&gt;\""),
            "{html}"
        );
        assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<i>"));
    }

    #[test]
    fn pages_carry_the_content_security_policy() {
        let response = error(StatusCode::BAD_REQUEST, "<script>");
        assert_eq!(response.headers()[header::CONTENT_SECURITY_POLICY], CSP);
        assert_eq!(response.headers()[header::X_FRAME_OPTIONS], "DENY");
    }
}
