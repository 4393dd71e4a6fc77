//! CSRF tokens of the server-rendered forms (the OAuth sign-in and consent pages, the
//! invitation page, the web app's sign-in page).
//!
//! The token travels twice, in the `rushes_csrf` cookie and in a hidden form field, and both
//! must agree; on top of that it is signed: `<nonce>.<HMAC(server key, binding, nonce)>`, where
//! the binding is what the form acts for (the browser's session on the OAuth pages, the
//! invitation on the invitation page). Agreement alone is not enough because a sibling
//! subdomain or a man in the middle of plain http can plant a cookie; it cannot make a token
//! our key signs for this browser's session.
//!
//! The key and the tokens live here, beside the server's other tokens; reading the cookie and
//! the form field, and setting the cookie, is the web layer's.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::secret::sha256_hex;
use crate::db::Pool;
use crate::random::random_string;

type HmacSha256 = Hmac<Sha256>;

/// The row of `server_keys` holding the key.
const KEY_NAME: &str = "csrf_hmac";

/// Signs and checks CSRF tokens. Cheap to clone.
#[derive(Clone)]
pub struct CsrfKey {
    key: Vec<u8>,
}

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

/// What a token is good for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding(String);

impl Binding {
    /// The OAuth pages of a browser: its session cookie when it has one (signed in, or a stale
    /// cookie it still sends), else the pages before signing in.
    pub fn session(cookie: Option<&str>) -> Self {
        match cookie {
            Some(token) => Self(format!("session:{}", sha256_hex(token))),
            None => Self("session:none".to_owned()),
        }
    }

    /// The web app's sign-in page, before there is a session (the session then has a CSRF
    /// token of its own, see `auth::web_session`).
    pub fn web_sign_in() -> Self {
        Self("signin:web".to_owned())
    }

    /// The invitation page for the invitation `token`.
    pub fn invitation(token: &str) -> Self {
        Self(format!("invitation:{}", sha256_hex(token)))
    }
}

impl CsrfKey {
    /// The server's key, made on first start and kept in the database so a restart does not
    /// void the forms people have open.
    pub async fn load_or_create(pool: &Pool) -> Result<Self, sqlx::Error> {
        Ok(Self {
            key: crate::db::server_keys::load_or_create(pool, KEY_NAME).await?,
        })
    }

    fn mac(&self, binding: &Binding, nonce: &str) -> Vec<u8> {
        // Hmac accepts keys of any length; this cannot fail.
        let mut mac = HmacSha256::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(format!("csrf\n{}\n{nonce}", binding.0).as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// A new token for `binding`.
    pub fn issue(&self, binding: &Binding) -> String {
        let nonce = random_string(16);
        let mac = URL_SAFE_NO_PAD.encode(self.mac(binding, &nonce));
        format!("{nonce}.{mac}")
    }

    /// Whether `token` is one of ours for `binding`.
    pub fn valid(&self, token: &str, binding: &Binding) -> bool {
        let Some((nonce, mac)) = token.split_once('.') else {
            return false;
        };
        let Ok(mac) = URL_SAFE_NO_PAD.decode(mac) else {
            return false;
        };
        bool::from(self.mac(binding, nonce).ct_eq(&mac))
    }

    /// Whether a form post carries a good token: the form's field equals the cookie, compared
    /// in constant time, and it is ours for `binding`.
    pub fn form_ok(&self, cookie: Option<&str>, field: &str, binding: &Binding) -> bool {
        cookie.is_some_and(|c| {
            !field.is_empty()
                && bool::from(c.as_bytes().ct_eq(field.as_bytes()))
                && self.valid(field, binding)
        })
    }

    /// The browser's token when it is still good for `binding`, else a new one; and whether it
    /// is new (and so must be set as the cookie).
    pub fn current(&self, cookie: Option<&str>, binding: &Binding) -> (String, bool) {
        match cookie {
            Some(token) if self.valid(token, binding) => (token.to_owned(), false),
            _ => (self.issue(binding), true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CsrfKey {
        CsrfKey {
            key: b"test key".to_vec(),
        }
    }

    #[test]
    fn a_token_is_good_for_its_binding_only() {
        let key = key();
        let a = Binding::session(Some("session a"));
        let token = key.issue(&a);
        assert!(key.valid(&token, &a));
        assert!(!key.valid(&token, &Binding::session(Some("session b"))));
        assert!(!key.valid(&token, &Binding::session(None)));
        assert!(!key.valid(&token, &Binding::invitation("session a")));
        assert!(!key.valid(&token, &Binding::web_sign_in()));
        assert!(!key.valid(&key.issue(&Binding::web_sign_in()), &Binding::session(None)));
        let other_key = CsrfKey {
            key: b"other".to_vec(),
        };
        assert!(!other_key.valid(&token, &a));
    }

    #[test]
    fn forms_need_an_equal_cookie_and_a_signed_token() {
        let key = key();
        let b = Binding::session(None);
        let token = key.issue(&b);
        assert!(key.form_ok(Some(&token), &token, &b));
        assert!(!key.form_ok(None, &token, &b));
        assert!(!key.form_ok(Some(&token), "", &b));
        assert!(!key.form_ok(Some("forged.token"), "forged.token", &b));
        let other = key.issue(&b);
        assert!(!key.form_ok(Some(&token), &other, &b));
    }
}
