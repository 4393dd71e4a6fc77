//! `rushes login` and `rushes logout`.

use std::time::Duration;

use rushes_api::connections::{NewConnection, NewCredentials};
use rushes_client::oauth::{BrowserOptions, OpenBrowser, Redirect};
use rushes_client::ClientError;
use url::Url;

use crate::args::Login;
use crate::output::Output;
use crate::session::Session;

/// The command line signs in without a browser (scripts run where nobody can click).
struct NoBrowser;

impl OpenBrowser for NoBrowser {
    fn open(&self, _url: &Url) -> Result<(), ClientError> {
        Err(ClientError::Invalid(
            "sign in with --api-key or --client-id; the command line opens no browser".into(),
        ))
    }
}

pub async fn login(session: &Session, args: Login, out: &Output) -> Result<(), ClientError> {
    let credentials = match (args.api_key, args.client_id) {
        (Some(api_key), None) => NewCredentials::ApiKey { api_key },
        (None, Some(client_id)) => NewCredentials::ClientCredentials {
            client_id,
            client_secret: args.client_secret.unwrap_or_default(),
            username: args.username.unwrap_or_default(),
            password: match args.password {
                Some(p) => p,
                None => read_password()?,
            },
        },
        _ => return Err(ClientError::Invalid(
            "give either --api-key KEY or --client-id ID --client-secret SECRET --username NAME"
                .into(),
        )),
    };
    let connection = session
        .connections
        .add(
            NewConnection {
                url: args.url,
                credentials,
            },
            &NoBrowser,
            BrowserOptions {
                redirect: Redirect::Loopback,
                timeout: Duration::from_secs(1),
            },
        )
        .await?;
    let who = connection
        .user
        .as_ref()
        .map(|u| format!(" as {} <{}>", u.name, u.email))
        .unwrap_or_default();
    out.line(
        &format!("Signed in to {}{who}", connection.url),
        &serde_json::json!({ "signed_in": connection }),
    );
    Ok(())
}

/// Asks for the password on the terminal (not echoed), for people typing at a shell.
fn read_password() -> Result<String, ClientError> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|source| ClientError::Io {
                context: "reading the password from standard input".into(),
                source,
            })?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    Err(ClientError::Invalid(
        "give the password with --password or RUSHES_PASSWORD, or pipe it on standard input".into(),
    ))
}

pub async fn logout(
    session: &Session,
    url: Option<String>,
    out: &Output,
) -> Result<(), ClientError> {
    let (connection, _) = session.pick(url.as_deref()).await?;
    session.connections.remove(&connection.id).await?;
    out.line(
        &format!("Signed out of {}", connection.url),
        &serde_json::json!({ "signed_out": connection.url }),
    );
    Ok(())
}
