//! argon2id hashing for passwords and API keys, off the async threads (it is slow by design).

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Hashing failed: a bug or resource exhaustion, never the caller's input.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HashError(String);

/// Hashes `secret` with argon2id (the crate's defaults: the OWASP-recommended parameters) and a
/// fresh random salt; returns the PHC string.
pub async fn hash(secret: &str) -> Result<String, HashError> {
    let secret = secret.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&secret))
        .await
        .map_err(|e| HashError(e.to_string()))?
}

fn hash_now(secret: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `secret` matches `phc`. The comparison inside argon2 is constant-time; a malformed
/// stored hash counts as a mismatch.
pub async fn verify(secret: &str, phc: &str) -> Result<bool, HashError> {
    let secret = secret.to_owned();
    let phc = phc.to_owned();
    tokio::task::spawn_blocking(move || verify_now(&secret, &phc))
        .await
        .map_err(|e| HashError(e.to_string()))
}

fn verify_now(secret: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of one verification when there is nothing to verify against, so answers do
/// not reveal whether an API key prefix or an account exists.
pub async fn burn(secret: &str) -> Result<(), HashError> {
    let secret = secret.to_owned();
    tokio::task::spawn_blocking(move || {
        static DUMMY: OnceLock<Option<String>> = OnceLock::new();
        let dummy = DUMMY.get_or_init(|| hash_now("rushes: nothing to see here").ok());
        if let Some(phc) = dummy {
            verify_now(&secret, phc);
        }
    })
    .await
    .map_err(|e| HashError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_secret_only() {
        let phc = hash("correct horse").await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse", &phc).await.unwrap());
        assert!(!verify("wrong horse", &phc).await.unwrap());
        assert!(!verify("correct horse", "not a hash").await.unwrap());
    }
}
