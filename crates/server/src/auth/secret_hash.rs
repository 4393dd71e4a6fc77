//! How API keys and OAuth client secrets are stored and checked.
//!
//! Both are 256 bits drawn by the server, never chosen by a person, so there is nothing to
//! brute-force and a slow hash buys nothing: they are stored as SHA-256 (`sha256$<hex>`) and
//! compared in constant time. Argon2id is for passwords. Checking a secret therefore costs
//! microseconds, and an anonymous client sending made-up keys or client credentials cannot make
//! the server spend 19 MiB and a core on each request.
//!
//! Servers before this stored argon2id PHC strings (`$argon2id$...`); those still verify
//! (through the rate-limited password hasher) and are replaced by the fast form on the first
//! successful use.

use subtle::ConstantTimeEq;

use super::password::{self, HashError};
use super::secret::sha256_hex;

/// What a stored hash in the fast form starts with.
const FAST: &str = "sha256$";

/// How a presented secret compares with what is stored.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It does not match (or the stored value is in no known form).
    Mismatch,
    /// It matches.
    Match,
    /// It matches a hash in the old argon2 form; store this one instead.
    MatchRehash(String),
}

impl Verdict {
    /// Whether the secret was right.
    pub fn matched(&self) -> bool {
        !matches!(self, Self::Mismatch)
    }
}

/// The stored form of a new key or secret.
pub fn hash(secret: &str) -> String {
    format!("{FAST}{}", sha256_hex(secret))
}

/// Checks `presented` against `stored`, in either form.
pub async fn verify(presented: &str, stored: &str) -> Result<Verdict, HashError> {
    if let Some(hex) = stored.strip_prefix(FAST) {
        let ours = sha256_hex(presented);
        let same = bool::from(ours.as_bytes().ct_eq(hex.as_bytes()));
        return Ok(if same {
            Verdict::Match
        } else {
            Verdict::Mismatch
        });
    }
    if stored.starts_with("$argon2") && password::verify(presented, stored).await? {
        return Ok(Verdict::MatchRehash(hash(presented)));
    }
    Ok(Verdict::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_fast_form_verifies_its_secret_only() {
        let stored = hash("rk_secret");
        assert!(stored.starts_with("sha256$"));
        assert_eq!(verify("rk_secret", &stored).await.unwrap(), Verdict::Match);
        assert_eq!(
            verify("rk_secreT", &stored).await.unwrap(),
            Verdict::Mismatch
        );
        assert_eq!(verify("x", "garbage").await.unwrap(), Verdict::Mismatch);
    }

    #[tokio::test]
    async fn argon2_hashes_still_verify_and_ask_to_be_rehashed() {
        let old = password::hash("client secret").await.unwrap();
        assert_eq!(
            verify("client secret", &old).await.unwrap(),
            Verdict::MatchRehash(hash("client secret"))
        );
        assert_eq!(
            verify("other secret", &old).await.unwrap(),
            Verdict::Mismatch
        );
    }
}
