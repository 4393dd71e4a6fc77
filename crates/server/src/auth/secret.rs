//! New access and refresh tokens, and the SHA-256 they and other secrets are stored as.

use sha2::{Digest, Sha256};

use crate::random::random_string;

/// Bytes of randomness in an access or refresh token: 256 bits, beyond any guessing.
pub const TOKEN_BYTES: usize = 32;

/// A new access or refresh token.
pub fn new_token() -> String {
    random_string(TOKEN_BYTES)
}

/// How tokens are stored and looked up. A fast hash is right here: the input is 256 bits of
/// randomness, so there is nothing to brute-force, and lookups stay an index seek.
pub fn sha256_hex(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_distinct_and_url_safe() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn sha256_is_lower_hex() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
