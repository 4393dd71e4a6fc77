//! The persisted list of server connections: what is not secret (id, label, URL, method, the
//! OAuth endpoints and client id, who is signed in) in `connections.json` in the app's data dir,
//! replaced atomically on every change. Secrets are in the keychain ([`super::secrets`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use rushes_api::connections::{ConnectionUser, SignInMethod};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::ClientError;

/// One server connection as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionRecord {
    pub id: String,
    pub label: String,
    pub url: Url,
    pub method: SignInMethod,
    pub token_endpoint: Url,
    #[serde(default)]
    pub revocation_endpoint: Option<Url>,
    /// The OAuth client the tokens belong to: `rushes-desktop`, or the person's confidential
    /// app for client credentials. `None` for API keys.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub user: Option<ConnectionUser>,
}

#[derive(Default, Serialize, Deserialize)]
struct FileFormat {
    connections: Vec<ConnectionRecord>,
}

/// Reads the list; a missing file is an empty list.
pub fn load(path: &Path) -> Result<Vec<ConnectionRecord>, ClientError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<FileFormat>(&bytes)
            .map(|f| f.connections)
            .map_err(|e| {
                io_error(
                    path,
                    "is not a valid connections file",
                    std::io::Error::other(e),
                )
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io_error(path, "could not read", e)),
    }
}

/// Writes the list to a temporary file beside `path` and renames it into place.
pub fn save(path: &Path, records: &[ConnectionRecord]) -> Result<(), ClientError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "could not create", e))?;
    let body = FileFormat {
        connections: records.to_vec(),
    };
    let bytes = serde_json::to_vec_pretty(&body)
        .map_err(|e| io_error(path, "could not encode", std::io::Error::other(e)))?;
    let tmp: PathBuf = path.with_extension("json.tmp");
    let mut f = std::fs::File::create(&tmp).map_err(|e| io_error(&tmp, "could not write", e))?;
    f.write_all(&bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| io_error(&tmp, "could not write", e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_error(path, "could not replace", e))
}

fn io_error(path: &Path, what: &str, source: std::io::Error) -> ClientError {
    ClientError::Io {
        context: format!("{} {what}", path.display()),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/connections.json");
        assert!(load(&path).unwrap().is_empty());
        let rec = ConnectionRecord {
            id: "abc".into(),
            label: "media.example".into(),
            url: "https://media.example/".parse().unwrap(),
            method: SignInMethod::Browser,
            token_endpoint: "https://media.example/oauth/token".parse().unwrap(),
            revocation_endpoint: None,
            client_id: Some("rushes-desktop".into()),
            user: None,
        };
        save(&path, std::slice::from_ref(&rec)).unwrap();
        assert_eq!(load(&path).unwrap(), vec![rec]);
    }
}
