//! Input rules for names and other free text, shared by the HTTP API and the command line.
//!
//! Project and folder names become path components when files are downloaded or synced, so they
//! follow the rules every OS can live with. The UI checks the same limits (generated from
//! `rushes_api`) in `ui/src/lib/names.ts` to explain problems before a request is sent; the
//! server is the authority.

/// The longest project description, in UTF-8 bytes; the UI gets it too.
pub use rushes_api::MAX_DESCRIPTION_BYTES;
/// The longest name, in UTF-8 bytes (the limit of most file systems); the UI gets it too.
pub use rushes_api::MAX_NAME_BYTES;
/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;
/// Passwords shorter than this are too easy to guess.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Bounds the argon2 work an attacker can ask for.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a project or folder name is refused, in the API's field-error style ("can't be blank").
pub fn name(value: &str) -> Result<(), &'static str> {
    label(value)?;
    if value.contains('/') {
        return Err("can't contain \"/\"");
    }
    if value == "." || value == ".." {
        return Err("can't be \".\" or \"..\"");
    }
    Ok(())
}

/// A display label (user name, API key name): like [`name`] but `/` and dots are fine.
///
/// Everything else is accepted on purpose, Windows device names (`CON`, `nul.txt`), trailing
/// dots, `\` and `<>:"|?*` included: people name shots and folders freely, and the clients
/// give such names safe local names when they write them to disk.
pub fn label(value: &str) -> Result<(), &'static str> {
    if value.trim().is_empty() {
        return Err("can't be blank");
    }
    if value.len() > MAX_NAME_BYTES {
        return Err("is too long (maximum is 255 bytes)");
    }
    // Cc covers NUL, tabs, line breaks, DEL and the C1 range.
    if value.chars().any(char::is_control) {
        return Err("can't contain control characters");
    }
    if value.chars().any(is_bidi_control) {
        return Err("can't contain text direction controls (U+202A to U+202E, U+2066 to U+2069)");
    }
    Ok(())
}

/// The explicit bidi embeddings, overrides and isolates. They make a name display differently
/// from what it is (`clip\u{202E}vom.exe` shows as `clipexe.mov`), which only ever serves to
/// deceive. The implicit marks (U+200E, U+200F) are left alone: they cannot reorder text.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A project description: free text with line breaks, bounded, never NUL.
pub fn description(value: &str) -> Result<(), &'static str> {
    if value.len() > MAX_DESCRIPTION_BYTES {
        return Err("is too long (maximum is 4096 bytes)");
    }
    if value.contains('\0') {
        return Err("can't contain NUL characters");
    }
    Ok(())
}

/// Normalises an email address (trimmed, lower case) or says why it is not one. Only the shape is
/// checked; deliverability is not the server's business.
pub fn email(value: &str) -> Result<String, &'static str> {
    let email = value.trim().to_lowercase();
    if email.is_empty() {
        return Err("can't be blank");
    }
    if email.len() > MAX_EMAIL_BYTES {
        return Err("is too long (maximum is 254 bytes)");
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if !valid {
        return Err("is not an email address");
    }
    Ok(email)
}

/// A MIME type as a client declares it: `type/subtype` with optional parameters, printable
/// ASCII, bounded.
pub fn content_type(value: &str) -> Result<(), &'static str> {
    if value.len() > MAX_NAME_BYTES {
        return Err("is too long (maximum is 255 bytes)");
    }
    let essence = value.split(';').next().unwrap_or_default().trim();
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let valid = match essence.split_once('/') {
        Some((t, sub)) => token(t) && token(sub),
        None => false,
    };
    if !valid || !value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err("is not a media type like video/mp4");
    }
    Ok(())
}

/// A password someone chose.
pub fn password(value: &str) -> Result<(), &'static str> {
    if value.chars().count() < MIN_PASSWORD_CHARS {
        return Err("is too short (minimum is 8 characters)");
    }
    if value.len() > MAX_PASSWORD_BYTES {
        return Err("is too long (maximum is 1024 bytes)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_accepted() {
        for ok in [
            "Day 01",
            "A",
            "Ünïcödé 🎬",
            "file.mov",
            "...",
            ".hidden",
            " padded ",
            // Hostile only on some file systems: the clients rename them locally.
            "con.",
            "NUL",
            "nul.txt",
            "..\\..\\evil",
            "a<b>c:d\"e|f?g*h",
            "trailing. ",
            // The implicit direction marks cannot reorder text.
            "\u{200E}mark\u{200F}",
        ] {
            assert_eq!(name(ok), Ok(()), "{ok:?}");
        }
        assert_eq!(name(&"x".repeat(MAX_NAME_BYTES)), Ok(()));
    }

    #[test]
    fn empty_and_blank_names_are_refused() {
        assert_eq!(name(""), Err("can't be blank"));
        assert_eq!(name("   "), Err("can't be blank"));
    }

    #[test]
    fn length_is_counted_in_bytes() {
        assert!(name(&"x".repeat(MAX_NAME_BYTES + 1)).is_err());
        // 128 two-byte characters: 256 bytes.
        assert!(name(&"é".repeat(128)).is_err());
        assert_eq!(name(&"é".repeat(127)), Ok(()));
    }

    #[test]
    fn path_separators_dots_and_control_characters_are_refused() {
        assert_eq!(name("a/b"), Err("can't contain \"/\""));
        assert_eq!(name("."), Err("can't be \".\" or \"..\""));
        assert_eq!(name(".."), Err("can't be \".\" or \"..\""));
        for bad in ["a\0b", "tab\there", "line\nbreak", "del\u{7f}", "c1\u{85}"] {
            assert_eq!(
                name(bad),
                Err("can't contain control characters"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn bidi_overrides_and_isolates_are_refused() {
        for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
            let value = format!("clip{c}vom.exe");
            assert!(name(&value).is_err(), "{c:?}");
            assert!(label(&value).is_err(), "{c:?}");
        }
    }

    #[test]
    fn labels_allow_slashes_and_dots() {
        assert_eq!(label("CI / nightly"), Ok(()));
        assert_eq!(label(".."), Ok(()));
        assert!(label("").is_err());
    }

    #[test]
    fn descriptions_are_bounded_and_allow_line_breaks() {
        assert_eq!(description(""), Ok(()));
        assert_eq!(description("line one\nline two"), Ok(()));
        assert!(description(&"x".repeat(MAX_DESCRIPTION_BYTES + 1)).is_err());
        assert!(description("nul\0").is_err());
    }

    #[test]
    fn emails_are_normalised_and_checked_for_shape() {
        assert_eq!(email(" Ada@Example.ORG "), Ok("ada@example.org".into()));
        for bad in [
            "",
            "ada",
            "@example.org",
            "ada@",
            "a@b@c",
            "ada lovelace@example.org",
        ] {
            assert!(email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn content_types_have_a_type_and_a_subtype() {
        for ok in [
            "video/mp4",
            "video/quicktime",
            "text/plain; charset=utf-8",
            "application/mxf",
        ] {
            assert_eq!(content_type(ok), Ok(()), "{ok:?}");
        }
        for bad in [
            "",
            "video",
            "/mp4",
            "video/",
            "vid eo/mp4",
            "video/mp4\n",
            "vidéo/mp4",
        ] {
            assert!(content_type(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn passwords_have_a_minimum_and_maximum_length() {
        assert!(password("short").is_err());
        assert_eq!(password("long enough"), Ok(()));
        assert!(password(&"x".repeat(MAX_PASSWORD_BYTES + 1)).is_err());
    }

    /// Property tests (fuzz targets, see docs/security.md): no rule panics on any string, and
    /// whatever a rule accepts has the property the rule promises.
    mod fuzz {
        use proptest::prelude::*;

        use super::super::*;

        /// Arbitrary text, weighted towards the characters the rules are about.
        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[a-zA-Z0-9 ./\\\\:<>|?*\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}é🎬]{0,40}",
                ".{250,260}",
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn accepted_names_are_safe_path_components(value in text()) {
                if name(&value).is_ok() {
                    prop_assert!(!value.trim().is_empty());
                    prop_assert!(value.len() <= MAX_NAME_BYTES);
                    prop_assert!(!value.contains('/'));
                    prop_assert!(value != "." && value != "..");
                    prop_assert!(!value.chars().any(char::is_control));
                    prop_assert!(!value.chars().any(is_bidi_control));
                }
            }

            #[test]
            fn no_rule_panics(value in text()) {
                let _ = label(&value);
                let _ = description(&value);
                let _ = content_type(&value);
                let _ = password(&value);
                if let Ok(normal) = email(&value) {
                    // Normalising is idempotent, so a stored address matches itself.
                    prop_assert_eq!(email(&normal), Ok(normal.clone()));
                }
            }
        }
    }
}
