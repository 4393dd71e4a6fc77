//! Signed, expiring media URLs: `/media/{file_id}?e=EXPIRES&s=SIGNATURE` (and `/poster`,
//! `/proxy`, `/waveform`).
//!
//! The signature is an HMAC-SHA256 over what is served (kind, file id, storage key) and the
//! expiry, with a key the server makes on first start and keeps in its database. It covers the
//! storage key, so a URL made for a file's old bytes stops working once new bytes replace them.
//! Anyone holding the URL may fetch the bytes until it expires: that is what lets a video element
//! or a download manager use it without the bearer token.

use hmac::{Hmac, Mac};
use rushes_api::Id;
use sha2::Sha256;

use crate::db::Pool;

type HmacSha256 = Hmac<Sha256>;

/// The row of `server_keys` holding the signing key.
const KEY_NAME: &str = "media_url_hmac";

/// What a media URL serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// The uploaded bytes.
    Original,
    /// The poster image made by the probe job.
    Poster,
    /// The browser-playable proxy made by the proxy job.
    Proxy,
    /// The waveform peaks (JSON) made by the waveform job.
    Waveform,
}

impl MediaKind {
    /// The blob this kind serves for file `id` when it is made from the file's bytes (poster,
    /// proxy, waveform): `None` while it does not exist, and always for the original, whose key
    /// is on the file row itself.
    pub async fn derived_key(self, pool: &Pool, id: Id) -> Result<Option<String>, sqlx::Error> {
        use crate::db::{files, media_jobs};
        match self {
            Self::Original => Ok(None),
            Self::Poster => files::poster_key(pool, id).await,
            Self::Proxy => media_jobs::output_key(pool, id, media_jobs::JobKind::Proxy).await,
            Self::Waveform => media_jobs::output_key(pool, id, media_jobs::JobKind::Waveform).await,
        }
    }

    /// The name in signatures and in the URL path after `/media/{id}/` (none for the original).
    pub fn tag(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Poster => "poster",
            Self::Proxy => "proxy",
            Self::Waveform => "waveform",
        }
    }
}

/// Signs and checks media URLs. Cheap to clone.
#[derive(Clone)]
pub struct UrlSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlSigner(..)")
    }
}

impl UrlSigner {
    /// The server's signing key, made on first start.
    pub async fn load_or_create(pool: &Pool) -> Result<Self, sqlx::Error> {
        Ok(Self {
            key: crate::db::server_keys::load_or_create(pool, KEY_NAME).await?,
        })
    }

    /// A signer with a fixed key, for tests.
    #[cfg(test)]
    pub fn with_key(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    fn mac(&self, kind: MediaKind, file_id: Id, storage_key: &str, expires: i64) -> HmacSha256 {
        // Hmac accepts keys of any length; this cannot fail.
        let mut mac = HmacSha256::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(format!("{}\n{file_id}\n{storage_key}\n{expires}", kind.tag()).as_bytes());
        mac
    }

    /// The signature for serving `storage_key` of `file_id` until `expires` (Unix seconds).
    pub fn sign(&self, kind: MediaKind, file_id: Id, storage_key: &str, expires: i64) -> String {
        hex::encode(
            self.mac(kind, file_id, storage_key, expires)
                .finalize()
                .into_bytes(),
        )
    }

    /// Whether `signature` was made by [`Self::sign`] for exactly these values (constant time).
    pub fn verify(
        &self,
        kind: MediaKind,
        file_id: Id,
        storage_key: &str,
        expires: i64,
        signature: &str,
    ) -> bool {
        match hex::decode(signature) {
            Ok(bytes) => self
                .mac(kind, file_id, storage_key, expires)
                .verify_slice(&bytes)
                .is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_what_it_was_made_for() {
        let signer = UrlSigner::with_key(b"k");
        let sig = signer.sign(MediaKind::Original, 1, "00/1-a", 100);
        assert!(signer.verify(MediaKind::Original, 1, "00/1-a", 100, &sig));
        assert!(!signer.verify(MediaKind::Poster, 1, "00/1-a", 100, &sig));
        assert!(!signer.verify(MediaKind::Original, 2, "00/1-a", 100, &sig));
        assert!(!signer.verify(MediaKind::Original, 1, "00/1-b", 100, &sig));
        assert!(!signer.verify(MediaKind::Original, 1, "00/1-a", 101, &sig));
        assert!(!signer.verify(MediaKind::Original, 1, "00/1-a", 100, "zz"));
        assert!(!UrlSigner::with_key(b"other").verify(MediaKind::Original, 1, "00/1-a", 100, &sig));
    }
}
