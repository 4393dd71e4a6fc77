//! The OS keychain through the `keyring` crate (Secret Service on Linux).

use keyring::Entry;

use super::SecretStore;
use crate::{ClientError, Secret};

/// Secrets in the OS keychain, one entry per account under one service name.
pub struct KeychainStore {
    service: String,
}

impl KeychainStore {
    /// A store for entries under `service` (e.g. the app's bundle identifier).
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    /// Writes, reads back and deletes a throwaway entry. A locked or missing Secret Service can
    /// answer searches but fail writes, so only a full round trip proves the keychain usable.
    pub fn probe(&self) -> Result<(), ClientError> {
        // An entry of this process's own: with one shared name, two processes probing at once
        // (two commands started together, the app beside a command) read each other's value and
        // one of them wrongly gave up the keychain for the file, losing sight of its sign-ins.
        let account = format!(
            "rushes-keychain-probe-{}-{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        let account = account.as_str();
        let value = Secret::new(format!("probe-{}", std::process::id()));
        self.set(account, &value)?;
        let read = self.get(account)?;
        self.delete(account)?;
        if read.as_ref() == Some(&value) {
            Ok(())
        } else {
            Err(ClientError::Keychain(
                "the keychain did not return what was stored".into(),
            ))
        }
    }

    fn entry(&self, account: &str) -> Result<Entry, ClientError> {
        Entry::new(&self.service, account).map_err(keychain_error)
    }
}

impl SecretStore for KeychainStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, ClientError> {
        match self.entry(account)?.get_password() {
            Ok(s) => Ok(Some(Secret::new(s))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), ClientError> {
        self.entry(account)?
            .set_password(secret.expose())
            .map_err(keychain_error)
    }

    fn delete(&self, account: &str) -> Result<(), ClientError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

fn keychain_error(e: keyring::Error) -> ClientError {
    ClientError::Keychain(e.to_string())
}
