//! The fallback when no keychain service exists: one JSON file readable only by its owner,
//! replaced atomically on every write so a crash never leaves it half-written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::SecretStore;
use crate::{ClientError, Secret};

/// Secrets in a file with mode 0600. Used only when [`super::open`] found no keychain, and
/// always reported to the person as such.
pub struct FileStore {
    path: PathBuf,
    /// Serialises read-modify-write cycles within this process.
    lock: Mutex<()>,
}

impl FileStore {
    /// A store backed by the file at `path` (created on first write).
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: Mutex::new(()),
        }
    }

    /// Where the secrets are kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<BTreeMap<String, String>, ClientError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| ClientError::Io {
                context: format!("{} is not a valid secrets file", self.path.display()),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(io_error(&self.path, "could not read", e)),
        }
    }

    fn write(&self, map: &BTreeMap<String, String>) -> Result<(), ClientError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "could not create", e))?;
        let tmp = self.path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(map).map_err(|e| ClientError::Io {
            context: "could not encode secrets".into(),
            source: std::io::Error::other(e),
        })?;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts
            .open(&tmp)
            .map_err(|e| io_error(&tmp, "could not write", e))?;
        f.write_all(&bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| io_error(&tmp, "could not write", e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| io_error(&self.path, "could not replace", e))
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for FileStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, ClientError> {
        let _g = self.guard();
        Ok(self.read()?.remove(account).map(Secret::new))
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), ClientError> {
        let _g = self.guard();
        let mut map = self.read()?;
        map.insert(account.to_owned(), secret.expose().to_owned());
        self.write(&map)
    }

    fn delete(&self, account: &str) -> Result<(), ClientError> {
        let _g = self.guard();
        let mut map = self.read()?;
        if map.remove(account).is_some() {
            self.write(&map)?;
        }
        Ok(())
    }
}

fn io_error(path: &Path, what: &str, source: std::io::Error) -> ClientError {
    ClientError::Io {
        context: format!("{what} {}", path.display()),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_other_accounts_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("s/secrets.json"));
        assert!(store.get("a").unwrap().is_none());
        store.set("a", &Secret::new("one")).unwrap();
        store.set("b", &Secret::new("two")).unwrap();
        store.delete("a").unwrap();
        assert!(store.get("a").unwrap().is_none());
        assert_eq!(store.get("b").unwrap().unwrap().expose(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn corrupt_file_is_an_error_not_an_empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        std::fs::write(&path, b"not json").unwrap();
        let store = FileStore::new(path);
        assert!(store.get("a").is_err());
        assert!(
            store.set("a", &Secret::new("x")).is_err(),
            "must not overwrite what it cannot read"
        );
    }
}
