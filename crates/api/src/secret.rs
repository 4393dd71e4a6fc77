//! A wrapper that keeps secrets out of logs and off the wire to the webview. The server and the
//! client both hold their secrets (passwords, keys, tokens) in it.

use std::fmt;

/// A secret value (API key, access or refresh token, password).
///
/// `Debug` and `Display` print `<redacted>`, and the type deliberately implements neither
/// `Serialize` nor `Clone`-into-string conversions, so a secret cannot end up in a Tauri command's
/// answer, an event or a log line by accident. Read it with [`Secret::expose`] only where it is
/// sent to the server or the keychain.
///
/// ```compile_fail
/// fn answer<T: serde::Serialize>(_: T) {}
/// answer(rushes_api::Secret::new("t")); // a secret cannot be a command's answer
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the few places that must send or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Wrapping is always safe; only [`Secret::expose`] gets the value out again.
impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("rk_super_secret");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(
            format!("{:?}", Some(&s)),
            "Some(<redacted>)",
            "nested Debug must redact too"
        );
        assert_eq!(s.expose(), "rk_super_secret");
    }
}
