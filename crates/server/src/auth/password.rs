//! argon2id hashing for passwords, off the async threads (it is slow by design).
//!
//! Each hash fills 19 MiB and keeps a core busy, so hashing is rationed: at most [`permits`]
//! run at once server-wide, and verifications reuse a few memory buffers instead of
//! allocating 19 MiB per attempt. A burst of sign-ins then queues instead of exhausting memory;
//! the sign-in throttle bounds how many attempts reach this point in the first place.

use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Hashing failed: a bug or resource exhaustion, never the caller's input.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HashError(String);

impl From<HashError> for ApiError {
    fn from(e: HashError) -> Self {
        Self::Internal(format!("hashing: {e}"))
    }
}

/// How many argon2 computations may run at once: enough to keep a couple of cores busy, few
/// enough that their memory stays small.
fn permits() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4))
}

fn gate() -> Arc<Semaphore> {
    static GATE: OnceLock<Arc<Semaphore>> = OnceLock::new();
    GATE.get_or_init(|| Arc::new(Semaphore::new(permits())))
        .clone()
}

/// Runs `work` on a blocking thread once a permit is free. The permit goes with the work, so a
/// cancelled request does not free it while the computation still runs.
async fn rationed<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashError> {
    let permit = gate()
        .acquire_owned()
        .await
        .map_err(|e| HashError(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(|e| HashError(e.to_string()))
}

/// Hashes `secret` with argon2id (the crate's defaults: the OWASP-recommended parameters) and a
/// fresh random salt; returns the PHC string.
pub async fn hash(secret: &str) -> Result<String, HashError> {
    let secret = secret.to_owned();
    rationed(move || hash_now(&secret)).await?
}

fn hash_now(secret: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `secret` matches `phc`, compared in constant time; a malformed stored hash counts
/// as a mismatch.
pub async fn verify(secret: &str, phc: &str) -> Result<bool, HashError> {
    let secret = secret.to_owned();
    let phc = phc.to_owned();
    rationed(move || verify_now(&secret, &phc)).await
}

fn verify_now(secret: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    let computed = with_blocks(params.block_count(), |blocks| {
        argon.hash_password_into_with_memory(secret.as_bytes(), salt, &mut out, blocks)
    });
    computed.is_ok() && bool::from(out.as_slice().ct_eq(expected.as_bytes()))
}

/// Lends `f` a reused buffer of at least `count` argon2 blocks. argon2 writes
/// every block before reading it, so what a previous hash left there does not matter. Buffers
/// of the default size are kept for the next verification, at most one per permit.
fn with_blocks<T>(count: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    static SPARE: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());
    let spare = || {
        SPARE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let taken = {
        let mut pool = spare();
        let at = pool.iter().position(|b| b.len() >= count);
        at.map(|i| pool.swap_remove(i))
    };
    let mut blocks = taken.unwrap_or_else(|| vec![Block::default(); count]);
    let result = f(&mut blocks[..count]);
    let default_size = Params::DEFAULT.block_count();
    let mut pool = spare();
    if blocks.len() == default_size && pool.len() < permits() {
        pool.push(blocks);
    }
    result
}

/// Spends the time of one verification when there is nothing to verify against, so answers do
/// not reveal whether an account exists. It reuses the pooled memory like a real verification.
pub async fn burn(secret: &str) -> Result<(), HashError> {
    let secret = secret.to_owned();
    rationed(move || {
        static DUMMY: OnceLock<Option<String>> = OnceLock::new();
        let dummy = DUMMY.get_or_init(|| hash_now("rushes: nothing to see here").ok());
        if let Some(phc) = dummy {
            verify_now(&secret, phc);
        }
    })
    .await
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

    #[test]
    fn hashes_with_other_parameters_verify_too() {
        // Small parameters: a buffer of another size than the pooled ones.
        let params = Params::new(1024, 2, 1, None).unwrap();
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let phc = argon.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(verify_now("pw", &phc));
        assert!(!verify_now("pW", &phc));
    }
}
