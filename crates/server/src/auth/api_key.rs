//! The API key format: `rk_` followed by 32 random bytes in base64url (43 characters).
//!
//! The first eight random characters, with `rk_`, are the key's public prefix: stored in clear
//! for lookup and shown in listings so people can tell keys apart. The whole key is verified
//! against its SHA-256 (see `secret_hash`). The `rk_` marker lets secret scanners recognise a
//! leaked key.

use crate::random::random_string;

/// What every key starts with.
pub const KEY_MARKER: &str = "rk_";
/// Random bytes in a key.
const KEY_BYTES: usize = 32;
/// Length of the base64url (no padding) encoding of [`KEY_BYTES`].
const ENCODED_LEN: usize = 43;
/// Random characters that are part of the public prefix (48 bits: collisions are rare, and
/// handled by drawing again).
const PUBLIC_CHARS: usize = 8;

/// A freshly drawn key.
pub struct NewKey {
    /// The whole key, shown once to its owner.
    pub secret: String,
    /// The public prefix, e.g. `rk_AbCd3fGh`.
    pub prefix: String,
}

/// Draws a new key.
pub fn generate() -> NewKey {
    let secret = format!("{KEY_MARKER}{}", random_string(KEY_BYTES));
    let prefix = secret[..KEY_MARKER.len() + PUBLIC_CHARS].to_owned();
    NewKey { secret, prefix }
}

/// The public prefix of a presented key, or `None` when it is not shaped like one of ours (which
/// can be answered at once: the format is public).
pub fn public_prefix(presented: &str) -> Option<&str> {
    let body = presented.strip_prefix(KEY_MARKER)?;
    let well_formed = body.len() == ENCODED_LEN
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    well_formed.then(|| &presented[..KEY_MARKER.len() + PUBLIC_CHARS])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_to_their_prefix() {
        let key = generate();
        assert!(key.secret.starts_with("rk_"));
        assert_eq!(key.secret.len(), 3 + ENCODED_LEN);
        assert_eq!(public_prefix(&key.secret), Some(key.prefix.as_str()));
        assert_eq!(key.prefix.len(), 11);
    }

    #[test]
    fn keys_are_distinct() {
        assert_ne!(generate().secret, generate().secret);
    }

    #[test]
    fn malformed_keys_have_no_prefix() {
        let good = generate().secret;
        assert_eq!(public_prefix(""), None);
        assert_eq!(public_prefix("rk_"), None);
        assert_eq!(public_prefix(&good[3..]), None, "marker missing");
        assert_eq!(public_prefix(&good.replacen("rk_", "RK_", 1)), None);
        assert_eq!(public_prefix(&good[..good.len() - 1]), None, "too short");
        assert_eq!(public_prefix(&format!("{good}A")), None, "too long");
        let with_bad_char = format!("{}+{}", &good[..10], &good[11..]);
        assert_eq!(public_prefix(&with_bad_char), None);
        // A multi-byte character must not make slicing panic.
        assert_eq!(public_prefix(&format!("rk_é{}", "a".repeat(41))), None);
    }
}
