//! `Upload-Checksum`: a digest of one request's body, checked before its bytes count.

use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::TusError;

/// The algorithms advertised in `Tus-Checksum-Algorithm`.
pub const ALGORITHMS: &str = "sha1,sha256";

/// The digest a client announced for a body.
#[derive(Debug, Clone)]
pub struct Checksum {
    algorithm: Algorithm,
    expected: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
enum Algorithm {
    Sha1,
    Sha256,
}

impl Checksum {
    /// The announced digest; 400 for an algorithm we do not support or a digest of the wrong
    /// length.
    pub fn new(algorithm: &str, expected: Vec<u8>) -> Result<Self, TusError> {
        let algorithm = match algorithm.to_ascii_lowercase().as_str() {
            "sha1" => Algorithm::Sha1,
            "sha256" => Algorithm::Sha256,
            _ => {
                return Err(TusError::BadRequest(format!(
                    "checksum algorithm {algorithm:?} is not supported; use one of {ALGORITHMS}"
                )))
            }
        };
        let len = match algorithm {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
        };
        if expected.len() != len {
            return Err(TusError::BadRequest(
                "the checksum has the wrong length for its algorithm".into(),
            ));
        }
        Ok(Self {
            algorithm,
            expected,
        })
    }

    /// A hasher to feed the body to.
    pub fn hasher(&self) -> Hasher {
        match self.algorithm {
            Algorithm::Sha1 => Hasher::Sha1(Sha1::new()),
            Algorithm::Sha256 => Hasher::Sha256(Sha256::new()),
        }
    }

    /// Whether `hasher`, fed the whole body, agrees.
    pub fn matches(&self, hasher: Hasher) -> bool {
        let actual = match hasher {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        };
        actual == self.expected
    }
}

/// A running digest of one body.
pub enum Hasher {
    Sha1(Sha1),
    Sha256(Sha256),
}

impl Hasher {
    /// Feeds more of the body.
    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Self::Sha1(h) => h.update(bytes),
            Self::Sha256(h) => h.update(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_compared_after_the_whole_body() {
        let sum = Checksum::new("sha256", Sha256::digest(b"hello world").to_vec()).unwrap();
        let mut h = sum.hasher();
        h.update(b"hello ");
        h.update(b"world");
        assert!(sum.matches(h));
        let mut h = sum.hasher();
        h.update(b"hello there");
        assert!(!sum.matches(h));
    }

    #[test]
    fn unknown_algorithms_and_wrong_lengths_are_refused() {
        assert!(Checksum::new("md5", vec![0; 16]).is_err());
        assert!(Checksum::new("sha1", vec![0; 32]).is_err());
        assert!(Checksum::new("SHA1", vec![0; 20]).is_ok());
    }
}
