//! A browser stand-in for the authorization pages: a reqwest client that keeps cookies the way
//! a browser does for one site (it stores every `Set-Cookie` and sends them back), does not
//! follow redirects on its own (the tests look at each one), and reads the hidden form fields
//! out of the real HTML.

use std::collections::BTreeMap;
use std::sync::Mutex;

use reqwest::{header, Response};
use url::Url;

pub struct Browser {
    http: reqwest::Client,
    cookies: Mutex<BTreeMap<String, String>>,
    /// Every `Set-Cookie` seen, whole, to check the attributes.
    pub set_cookies: Mutex<Vec<String>>,
}

impl Browser {
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Mutex::new(BTreeMap::new()),
            set_cookies: Mutex::new(Vec::new()),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&self, res: &Response) {
        for value in res.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap().to_owned();
            let pair = value.split(';').next().unwrap();
            let (name, v) = pair.split_once('=').unwrap();
            self.cookies
                .lock()
                .unwrap()
                .insert(name.trim().to_owned(), v.trim().to_owned());
            self.set_cookies.lock().unwrap().push(value);
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    pub fn forget_cookies(&self) {
        self.cookies.lock().unwrap().clear();
    }

    pub async fn get(&self, url: &Url) -> Response {
        let res = self
            .http
            .get(url.clone())
            .header(header::COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep(&res);
        res
    }

    /// Any request with this browser's cookies, for the headers the helpers above do not set;
    /// send it with [`Browser::send`].
    pub fn request(&self, method: reqwest::Method, url: &Url) -> reqwest::RequestBuilder {
        self.http
            .request(method, url.clone())
            .header(header::COOKIE, self.cookie_header())
    }

    /// Sends a request made with [`Browser::request`], keeping the cookies of the answer.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Response {
        let res = request.send().await.unwrap();
        self.keep(&res);
        res
    }

    pub async fn post_form(&self, url: &Url, form: &[(&str, &str)]) -> Response {
        let res = self
            .http
            .post(url.clone())
            .header(header::COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        res
    }
}

/// Where a redirect answer points, resolved against the request's URL.
pub fn location(res: &Response) -> Url {
    let value = res.headers()[header::LOCATION].to_str().unwrap();
    res.url().join(value).unwrap()
}

/// A form on a page: its action and hidden fields.
#[derive(Debug)]
pub struct PageForm {
    pub action: String,
    pub csrf: String,
    pub request: String,
}

/// Reads the (first) form of an authorization page.
pub fn form(html: &str) -> PageForm {
    PageForm {
        action: attribute_after(html, "<form", "action"),
        csrf: hidden(html, "csrf"),
        request: hidden(html, "request"),
    }
}

/// The value of the hidden field `name` of a page.
pub fn hidden(html: &str, name: &str) -> String {
    attribute_after(html, &format!("name=\"{name}\""), "value")
}

fn attribute_after(html: &str, marker: &str, attribute: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let rest = &html[at..];
    let key = format!("{attribute}=\"");
    let start = rest.find(&key).unwrap() + key.len();
    let end = start + rest[start..].find('"').unwrap();
    unescape(&rest[start..end])
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
