//! PKCE (RFC 7636) with the S256 method only: `plain` would send the secret itself through the
//! browser, which is what PKCE exists to avoid.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The one method supported.
pub const S256: &str = "S256";

/// Length of an S256 challenge: base64url of 32 bytes, unpadded.
const CHALLENGE_LEN: usize = 43;

/// Whether `challenge` can be an S256 challenge (43 base64url characters).
pub fn valid_challenge(challenge: &str) -> bool {
    challenge.len() == CHALLENGE_LEN
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `verifier` is shaped as RFC 7636 4.1 requires: 43 to 128 unreserved characters.
pub fn valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// The S256 challenge of `verifier`.
pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` hashes to `challenge`, compared in constant time.
pub fn verify(verifier: &str, challenge: &str) -> bool {
    valid_verifier(verifier)
        && bool::from(
            challenge_of(verifier)
                .as_bytes()
                .ct_eq(challenge.as_bytes()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7636_appendix_b_example() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert_eq!(challenge_of(verifier), challenge);
        assert!(valid_challenge(challenge));
        assert!(verify(verifier, challenge));
    }

    #[test]
    fn wrong_or_malformed_verifiers_fail() {
        let challenge = challenge_of(&"a".repeat(43));
        assert!(!verify(&"b".repeat(43), &challenge));
        assert!(!verify("short", &challenge_of("short")));
        assert!(!verify(&"a".repeat(129), &challenge_of(&"a".repeat(129))));
        assert!(!verify(&format!("{}!", "a".repeat(42)), &challenge));
    }

    #[test]
    fn challenges_must_be_43_base64url_characters() {
        assert!(!valid_challenge(""));
        assert!(!valid_challenge(&"a".repeat(42)));
        assert!(!valid_challenge(&"a".repeat(44)));
        assert!(!valid_challenge(&format!("{}=", "a".repeat(42))));
    }
}
