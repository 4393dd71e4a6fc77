//! The reference nginx configuration (`deploy/nginx-rushes.conf`) in front of a real server, as
//! docs/deploy.md tells operators to run it: TLS, a tus upload larger than nginx's default body
//! limit passed through chunk by chunk, a ranged download, readiness, and the sign-in lockout
//! counting each client nginx forwards for rather than nginx.
//!
//! The only changes made to the file are the ones an operator makes: the instance's address,
//! the certificate paths and the ports; plus `proxy_bind 127.0.0.2`, so that nginx reaches the
//! server from its own loopback address and the test's clients (127.0.0.1 and 127.0.0.3) are
//! told apart from it.

use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::StatusCode;
use rushes_server::LoginLimits;
use serde_json::json;
use url::Url;

use crate::common::{data, TestServer};
use crate::oauth_support::*;
use crate::tus_client::{bytes, sha256_hex, tus_create, tus_patch, Place};

/// The reference configuration, as shipped.
const SITE: &str = include_str!("../../../../deploy/nginx-rushes.conf");
const MAX_FAILURES: u32 = 3;

/// nginx from the Debian package, running the reference site in a temp prefix.
pub struct Nginx {
    child: Child,
    https: u16,
    dir: tempfile::TempDir,
    ca: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: a fast shutdown of the master and its workers.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A certificate for 127.0.0.1 issued by a throwaway CA, made with the openssl command:
/// `(ca, cert, key)`. (A self-signed leaf would do for browsers, not for rustls, which refuses
/// a CA certificate used as the server's own.)
pub fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let [ca_key, ca, key, csr, cert, ext] = [
        "ca.key", "ca.pem", "key.pem", "req.csr", "cert.pem", "ext.cnf",
    ]
    .map(|n| dir.join(n));
    std::fs::write(&ext, "subjectAltName=IP:127.0.0.1\n").unwrap();
    let steps: [Vec<&std::ffi::OsStr>; 3] = [
        args(&[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .chain(args(&["-subj", "/CN=Rushes test CA", "-keyout"]))
        .chain([ca_key.as_os_str(), "-out".as_ref(), ca.as_os_str()])
        .collect(),
        args(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
        ])
        .chain([key.as_os_str(), "-out".as_ref(), csr.as_os_str()])
        .collect(),
        args(&["x509", "-req", "-days", "1", "-in"])
            .chain([csr.as_os_str(), "-CA".as_ref(), ca.as_os_str()])
            .chain([
                "-CAkey".as_ref(),
                ca_key.as_os_str(),
                "-CAcreateserial".as_ref(),
            ])
            .chain([
                "-extfile".as_ref(),
                ext.as_os_str(),
                "-out".as_ref(),
                cert.as_os_str(),
            ])
            .collect(),
    ];
    for step in steps {
        let status = Command::new("openssl")
            .args(step)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl runs");
        assert!(
            status.success(),
            "openssl failed to make the test certificates"
        );
    }
    (ca, cert, key)
}

fn args<'a>(list: &'a [&'a str]) -> impl Iterator<Item = &'a std::ffi::OsStr> {
    list.iter().map(|a| a.as_ref())
}

/// A client that trusts `ca`, connecting from `from`, not following redirects.
pub fn client(ca: &Path, from: Ipv4Addr) -> reqwest::Client {
    let pem = std::fs::read(ca).unwrap();
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .local_address(IpAddr::V4(from))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The reference site with an operator's substitutions, for instances on `upstreams` ports.
fn site(upstreams: &[u16], http: u16, https: u16, cert: &Path, key: &Path) -> String {
    let servers: String = upstreams
        .iter()
        .map(|port| format!("    server 127.0.0.1:{port};\n"))
        .collect();
    let replacements = [
        ("    server 127.0.0.1:8420;\n", servers),
        (
            "    listen 80;\n",
            format!("    listen 127.0.0.1:{http};\n"),
        ),
        ("    listen [::]:80;\n", String::new()),
        (
            "    listen 443 ssl http2;\n",
            format!("    listen 127.0.0.1:{https} ssl http2;\n"),
        ),
        ("    listen [::]:443 ssl http2;\n", String::new()),
        (
            "/etc/letsencrypt/live/rushes.example.com/fullchain.pem",
            cert.display().to_string(),
        ),
        (
            "/etc/letsencrypt/live/rushes.example.com/privkey.pem",
            key.display().to_string(),
        ),
        (
            "        proxy_pass http://rushes;\n",
            "        proxy_pass http://rushes;\n        proxy_bind 127.0.0.2;\n".to_owned(),
        ),
    ];
    let mut site = SITE.to_owned();
    for (from, to) in replacements {
        assert!(
            site.contains(from),
            "the reference site no longer has {from:?}"
        );
        site = site.replacen(from, &to, 1);
    }
    site
}

impl Nginx {
    /// Starts nginx with the reference site on `http` and `https`, in front of the instances on
    /// `upstreams`, with the certificates in `dir` (made by [`certificates`]).
    pub fn start(dir: tempfile::TempDir, upstreams: &[u16], http: u16, https: u16) -> Self {
        let (ca, cert, key) = (
            dir.path().join("ca.pem"),
            dir.path().join("cert.pem"),
            dir.path().join("key.pem"),
        );
        let site = site(upstreams, http, https, &cert, &key);
        std::fs::write(dir.path().join("rushes.conf"), site).unwrap();
        // A root master would hand the workers to `nobody`, who cannot write the temp prefix.
        let user = if is_root() { "user root;\n" } else { "" };
        let main = format!(
            "{user}worker_processes 1;\npid {pid};\nerror_log {err} info;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  access_log off;\n  include {site};\n}}\n",
            pid = dir.path().join("nginx.pid").display(),
            err = dir.path().join("error.log").display(),
            site = dir.path().join("rushes.conf").display(),
        );
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, main).unwrap();
        let child = Command::new(nginx_binary())
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts (scripts/setup-system.sh --test installs it)");
        let nginx = Self {
            child,
            https,
            dir,
            ca,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", https)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not listen: {}",
                std::fs::read_to_string(nginx.dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        nginx
    }

    pub fn url(&self) -> Url {
        format!("https://127.0.0.1:{}/", self.https)
            .parse()
            .unwrap()
    }

    /// A client of nginx from `from`.
    pub fn client(&self, from: Ipv4Addr) -> reqwest::Client {
        client(&self.ca, from)
    }
}

/// Debian installs nginx in /usr/sbin, which is not on every user's PATH.
fn nginx_binary() -> &'static str {
    if Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A server that believes only 127.0.0.2 (nginx's side of the loopback), whose public address
/// is nginx's, and the reference nginx in front of it.
async fn behind_nginx() -> (TestServer, Nginx) {
    let (http, https) = (free_port(), free_port());
    let public: Url = format!("https://127.0.0.1:{https}/").parse().unwrap();
    let tls = tempfile::tempdir().unwrap();
    let (ca, _, _) = certificates(tls.path());
    let mut server = TestServer::start_with(|c| {
        c.public_url = Some(public);
        c.trusted_proxies = vec![rushes_server::parse_trusted_proxy("127.0.0.2").unwrap()];
        c.login_limits = LoginLimits {
            max_failures: MAX_FAILURES,
            lockout: Duration::from_secs(60),
            failure_delay: Duration::from_millis(10),
        };
    })
    .await;
    // The test's own helpers reach the server at its public address too, through nginx.
    server.http = client(&ca, Ipv4Addr::LOCALHOST);
    let nginx = Nginx::start(tls, &[server.handle.addr().port()], http, https);
    (server, nginx)
}

#[tokio::test]
async fn an_upload_and_a_ranged_download_pass_through_the_reference_nginx() {
    let (server, nginx) = behind_nginx().await;
    let public = nginx.url();
    let client = nginx.client(Ipv4Addr::LOCALHOST);

    let ready = client
        .get(public.join("readyz").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);

    // 24 MiB in two PATCHes of 12 MiB: each far over nginx's default 1 MiB body limit.
    let place = Place::new(&server).await;
    let content = bytes(24 * 1024 * 1024);
    let created = tus_create(
        &client,
        &public,
        &place.token,
        content.len(),
        &place.in_folder("A001_C001.mov"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let location: Url = created.headers()["location"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        location.origin(),
        public.origin(),
        "tus hands out the public address, so the next request goes through nginx too"
    );
    let half = content.len() / 2;
    for (offset, chunk) in [(0, &content[..half]), (half, &content[half..])] {
        let res = tus_patch(&client, &location, &place.token, offset, chunk)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::NO_CONTENT,
            "{:?}",
            res.text().await
        );
        assert_eq!(
            res.headers()["upload-offset"].to_str().unwrap(),
            (offset + chunk.len()).to_string()
        );
    }

    // The file as the API shows it through nginx: complete, with the bytes' hash.
    let files: Vec<serde_json::Value> = data(
        client
            .get(public.join(&place.files_path()).unwrap())
            .bearer_auth(&place.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let file = files
        .iter()
        .find(|f| f["name"] == "A001_C001.mov")
        .expect("the uploaded file is listed");
    assert_eq!(file["state"], "ready");
    assert_eq!(file["sha256"], sha256_hex(&content));

    // A range of it through the signed download URL, which points at nginx as well.
    let id = file["id"].as_i64().unwrap();
    let redirect = client
        .get(
            public
                .join(&format!("{}/{id}/download", place.files_path()))
                .unwrap(),
        )
        .bearer_auth(&place.token)
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::FOUND);
    let signed: Url = redirect.headers()["location"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(signed.origin(), public.origin());
    let range = client
        .get(signed)
        .header("Range", "bytes=12582900-12583099")
        .send()
        .await
        .unwrap();
    assert_eq!(range.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        range.bytes().await.unwrap().as_ref(),
        &content[12_582_900..12_583_100]
    );
}

#[tokio::test]
async fn through_nginx_each_client_is_locked_out_on_its_own() {
    const OTHER: &str = "grace@rushes.test";
    let (server, nginx) = behind_nginx().await;
    password_user(&server, USER).await;
    password_user(&server, OTHER).await;
    let admin = server.admin_token().await;
    let (_, client_id, secret) =
        register_app(&server, &admin, &["https://integration.example/cb"], false).await;
    let secret = secret.unwrap();
    let sign_in = |from: Ipv4Addr, email: &str, password: &str, forged: Option<&str>| {
        let mut req = nginx
            .client(from)
            .post(nginx.url().join("oauth/token").unwrap())
            .json(&json!({
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
                "auth_string": STANDARD.encode(format!("{email}:{password}")),
            }));
        if let Some(forged) = forged {
            req = req.header("X-Forwarded-For", forged);
        }
        async move { req.send().await.unwrap().status() }
    };
    let guesser = Ipv4Addr::new(127, 0, 0, 1);
    let colleague = Ipv4Addr::new(127, 0, 0, 3);
    for i in 0..MAX_FAILURES {
        let status = sign_in(guesser, USER, &format!("guess {i}"), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    // The guesser's address is locked, for other accounts too, and writing another address in
    // the header does not help: nginx appends the real one and the server reads from the right.
    assert_eq!(
        sign_in(guesser, OTHER, PASSWORD, Some("203.0.113.50")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A colleague behind the same nginx is not: the lock is the guesser's, not nginx's.
    assert_eq!(
        sign_in(colleague, OTHER, PASSWORD, None).await,
        StatusCode::OK
    );
}
