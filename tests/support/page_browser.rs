//! A stand-in for the person at the system browser: it signs in and allows access through the
//! server's real HTML pages, keeping cookies like a browser does for one site (every
//! `Set-Cookie` is stored and sent back), reading the forms' hidden fields from the HTML, and
//! following each redirect itself until the server sends it to the app's redirect URI.
//!
//! Shared by the whole-system tests and the end-to-end tests of the app.

use std::collections::BTreeMap;
use std::sync::Mutex;

use reqwest::{header, Response, StatusCode};
use url::Url;

/// A browser with a cookie jar for one server.
pub struct PageBrowser {
    http: reqwest::Client,
    cookies: Mutex<BTreeMap<String, String>>,
}

impl PageBrowser {
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client"),
            cookies: Mutex::new(BTreeMap::new()),
        }
    }

    /// Opens the authorization URL, signs in as `email`, allows access when asked, and returns
    /// where the server finally sends the browser: the app's redirect URI with `code` and
    /// `state`.
    pub async fn authorize(&self, url: &Url, email: &str, password: &str) -> Result<Url, String> {
        let page = self.get(url).await?;
        if page.status() != StatusCode::OK {
            return Err(format!("sign-in page answered {}", page.status()));
        }
        let page_url = page.url().clone();
        let html = page.text().await.map_err(|e| e.to_string())?;
        let form = Form::read(&html)?;
        let signed_in = self
            .post(
                &page_url.join(&form.action).map_err(|e| e.to_string())?,
                &[
                    ("email", email),
                    ("password", password),
                    ("csrf", &form.csrf),
                    ("request", &form.request),
                ],
            )
            .await?;
        if signed_in.status() != StatusCode::SEE_OTHER {
            return Err(format!("signing in answered {}", signed_in.status()));
        }
        let consent = self.get(&location(&signed_in)?).await?;
        if consent.status() == StatusCode::FOUND {
            return location(&consent); // allowed before
        }
        let consent_url = consent.url().clone();
        let html = consent.text().await.map_err(|e| e.to_string())?;
        let form = Form::read(&html)?;
        let decided = self
            .post(
                &consent_url.join(&form.action).map_err(|e| e.to_string())?,
                &[
                    ("csrf", &form.csrf),
                    ("request", &form.request),
                    ("decision", "allow"),
                ],
            )
            .await?;
        location(&decided)
    }

    async fn get(&self, url: &Url) -> Result<Response, String> {
        let res = self
            .http
            .get(url.clone())
            .header(header::COOKIE, self.cookie_header())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        self.keep(&res);
        Ok(res)
    }

    async fn post(&self, url: &Url, form: &[(&str, &str)]) -> Result<Response, String> {
        let res = self
            .http
            .post(url.clone())
            .header(header::COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        self.keep(&res);
        Ok(res)
    }

    fn cookie_header(&self) -> String {
        let jar = self.cookies.lock().unwrap_or_else(|p| p.into_inner());
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&self, res: &Response) {
        let mut jar = self.cookies.lock().unwrap_or_else(|p| p.into_inner());
        for value in res.headers().get_all(header::SET_COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, v)) = pair.split_once('=') {
                jar.insert(name.trim().to_owned(), v.trim().to_owned());
            }
        }
    }
}

/// Where a redirect points, resolved against the request's URL.
fn location(res: &Response) -> Result<Url, String> {
    let value = res
        .headers()
        .get(header::LOCATION)
        .ok_or_else(|| format!("expected a redirect, got {}", res.status()))?
        .to_str()
        .map_err(|e| e.to_string())?;
    res.url().join(value).map_err(|e| e.to_string())
}

/// The form of an authorization page: its action and hidden fields.
struct Form {
    action: String,
    csrf: String,
    request: String,
}

impl Form {
    fn read(html: &str) -> Result<Self, String> {
        Ok(Self {
            action: attribute_after(html, "<form", "action")?,
            csrf: attribute_after(html, "name=\"csrf\"", "value")?,
            request: attribute_after(html, "name=\"request\"", "value")?,
        })
    }
}

fn attribute_after(html: &str, marker: &str, attribute: &str) -> Result<String, String> {
    let at = html
        .find(marker)
        .ok_or_else(|| format!("no {marker} in the page: {html}"))?;
    let rest = &html[at..];
    let key = format!("{attribute}=\"");
    let start = rest
        .find(&key)
        .ok_or_else(|| format!("no {attribute} after {marker}"))?
        + key.len();
    let end = start + rest[start..].find('"').ok_or("unterminated attribute")?;
    Ok(rest[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&"))
}
