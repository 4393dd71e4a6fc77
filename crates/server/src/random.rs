//! Random strings from the operating system's generator. Tokens, API keys, server keys, storage
//! names and generated passwords all start here, so it sits below everything that makes one,
//! the database and the media store included.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;

/// `bytes` random bytes from the OS, base64url without padding (safe in headers and URLs).
pub fn random_string(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}
