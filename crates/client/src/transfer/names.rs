//! Names of transferred files: the local name a remote file or folder gets on disk, and the
//! "keep both" names (`clip (2).mov`) people know from their file managers.
//!
//! The server accepts nearly any name (people name shots and folders freely), so a download
//! must not trust one as a path component. [`local_name`] turns any remote name into one that
//! is a single, valid component on every platform we ship to, the same way on all of them, so a
//! tree downloaded on Linux and copied to Windows (or a NAS) keeps working.

use std::borrow::Cow;

/// The longest local name, in UTF-8 bytes (the limit of most file systems).
const MAX_LOCAL_NAME_BYTES: usize = 255;

/// Windows device names: a file called `nul.txt` (or `COM1`, `con .log`) opens the device, not
/// a file, whatever its extension. `COM¹` and friends count too.
const RESERVED: [&str; 8] = [
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM", "LPT",
];

/// A safe local name for the remote `name`, borrowed when nothing had to change. Every
/// character that is a separator or invalid on Windows (`/ \ < > : " | ? *`), a control
/// character or a bidi override (which shows `clip\u{202E}vom.exe` as `clipexe.mov`) becomes
/// `_`; so do trailing dots and spaces (Windows drops them, merging `a.` with `a`), `.`/`..`,
/// and an empty name. A Windows device name gets `_` after its stem (`nul.txt` → `nul_.txt`).
pub fn local_name(name: &str) -> Cow<'_, str> {
    let mut safe: String = name
        .chars()
        .map(|c| if hostile_char(c) { '_' } else { c })
        .collect();
    truncate_to_bytes(&mut safe, MAX_LOCAL_NAME_BYTES);
    underscore_trailing(&mut safe);
    if safe.is_empty() {
        safe.push('_');
    }
    if is_device_name(&safe) {
        let stem_end = safe.find('.').unwrap_or(safe.len());
        safe.insert(stem_end, '_');
        // The suffix may push a long name over the limit; cutting its end again must not
        // leave a trailing dot or space (the stem, at the front, is short and unaffected).
        truncate_to_bytes(&mut safe, MAX_LOCAL_NAME_BYTES);
        underscore_trailing(&mut safe);
    }
    if safe == name {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(safe)
    }
}

/// Replaces trailing dots and spaces with as many `_` (Windows would drop them).
fn underscore_trailing(s: &mut String) {
    let kept = s.trim_end_matches(['.', ' ']).len();
    let trailing = s.len() - kept;
    s.truncate(kept);
    s.extend(std::iter::repeat_n('_', trailing));
}

/// Characters no local name may hold.
fn hostile_char(c: char) -> bool {
    matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*')
        || c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether Windows reads `name` as a device: its stem (before the first dot, without trailing
/// spaces) is a reserved name, `COM`/`LPT` followed by one digit 0–9 or a superscript 1–3.
fn is_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(' ');
    let upper = stem.to_uppercase();
    RESERVED.iter().any(|reserved| match *reserved {
        "COM" | "LPT" => upper.strip_prefix(reserved).is_some_and(|rest| {
            let mut chars = rest.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        }),
        _ => upper == *reserved,
    })
}

/// Shortens `s` to at most `max` bytes on a character boundary.
fn truncate_to_bytes(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// The `n`th alternative for `name` (n ≥ 2), numbered before the last extension so the file
/// still opens with the same application: `clip (2).mov`. A name that is all extension
/// (`.hidden`) gets the number at the end.
pub fn numbered(name: &str, n: u32) -> String {
    match name.rfind('.') {
        Some(dot) if dot > 0 => format!("{} ({n}){}", &name[..dot], &name[dot..]),
        _ => format!("{name} ({n})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_keep_the_extension() {
        assert_eq!(numbered("clip.mov", 2), "clip (2).mov");
        assert_eq!(numbered(".hidden", 3), ".hidden (3)");
        assert_eq!(numbered("README", 2), "README (2)");
    }

    fn renamed(name: &str) -> String {
        match local_name(name) {
            Cow::Owned(safe) => safe,
            Cow::Borrowed(same) => panic!("{same:?} should have been renamed"),
        }
    }

    #[test]
    fn ordinary_names_are_kept_as_they_are() {
        for ok in [
            "A001_C002.mov",
            "Day 01",
            ".hidden",
            "...x",
            "Ünïcödé 🎬.mxf",
            "console.log",
            "COM10",
            "nullable",
            "LPT",
        ] {
            assert!(matches!(local_name(ok), Cow::Borrowed(_)), "{ok:?}");
        }
    }

    #[test]
    fn separators_and_traversal_cannot_escape_the_folder() {
        assert_eq!(renamed("a/b"), "a_b");
        assert_eq!(renamed("..\\..\\evil"), ".._.._evil");
        assert_eq!(renamed("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(renamed("/abs"), "_abs");
        assert_eq!(renamed("C:\\Windows"), "C__Windows");
        assert_eq!(renamed("."), "_");
        assert_eq!(renamed(".."), "__");
        assert_eq!(renamed(""), "_");
    }

    #[test]
    fn windows_device_names_get_a_suffix_on_the_stem() {
        assert_eq!(renamed("NUL"), "NUL_");
        assert_eq!(renamed("con"), "con_");
        assert_eq!(renamed("nul.txt"), "nul_.txt");
        assert_eq!(renamed("Aux.tar.gz"), "Aux_.tar.gz");
        assert_eq!(renamed("prn .log"), "prn _.log");
        assert_eq!(renamed("COM1"), "COM1_");
        assert_eq!(renamed("lpt9.mov"), "lpt9_.mov");
        assert_eq!(renamed("COM¹"), "COM¹_");
        assert_eq!(renamed("CONIN$"), "CONIN$_");
        // `con.` loses its trailing dot first, so it is no longer a device name.
        assert_eq!(renamed("con."), "con_");
    }

    #[test]
    fn trailing_dots_and_spaces_are_replaced() {
        assert_eq!(renamed("take 1."), "take 1_");
        assert_eq!(renamed("take 1 . "), "take 1___");
        assert_eq!(renamed("   "), "___");
    }

    #[test]
    fn characters_invalid_on_windows_are_replaced() {
        assert_eq!(renamed("a<b>c:d\"e|f?g*h"), "a_b_c_d_e_f_g_h");
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_replaced() {
        assert_eq!(renamed("a\0b"), "a_b");
        assert_eq!(renamed("line\nbreak\t"), "line_break_");
        assert_eq!(renamed("del\u{7f}c1\u{85}"), "del_c1_");
        // "clip\u{202E}vom.exe" displays as "clipexe.mov".
        assert_eq!(renamed("clip\u{202E}vom.exe"), "clip_vom.exe");
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2066}', '\u{2069}',
        ] {
            assert_eq!(renamed(&format!("a{c}b")), "a_b", "{c:?}");
        }
    }

    #[test]
    fn renamed_names_stay_within_the_length_limit() {
        let long = format!("{}.mov", "é".repeat(130));
        assert!(long.len() > MAX_LOCAL_NAME_BYTES);
        let safe = local_name(&long);
        assert!(safe.len() <= MAX_LOCAL_NAME_BYTES);
        let nul = format!("nul.{}", "x".repeat(251));
        assert_eq!(nul.len(), 255);
        assert!(renamed(&nul).len() <= MAX_LOCAL_NAME_BYTES);
        // Cut at the limit, a name must not end in a dot or space.
        let dotted = format!("nul.{}. x", "x".repeat(249));
        let safe = renamed(&dotted);
        assert!(
            safe.len() <= MAX_LOCAL_NAME_BYTES && !safe.ends_with(['.', ' ']),
            "{safe}"
        );
    }

    #[test]
    fn every_local_name_is_one_safe_component() {
        for name in [
            "",
            ".",
            "..",
            "a/b",
            "..\\x",
            "NUL",
            "con.",
            "x\u{202e}y",
            "a:b",
            "end. ",
            "ok.mov",
        ] {
            let safe = local_name(name);
            let path = std::path::Path::new(safe.as_ref());
            assert_eq!(path.components().count(), 1, "{name:?} -> {safe:?}");
            assert!(
                matches!(
                    path.components().next(),
                    Some(std::path::Component::Normal(_))
                ),
                "{name:?} -> {safe:?}"
            );
            assert!(!safe.ends_with(['.', ' ']), "{name:?} -> {safe:?}");
            assert!(!safe.chars().any(hostile_char), "{name:?} -> {safe:?}");
            assert!(!is_device_name(&safe), "{name:?} -> {safe:?}");
        }
    }
}
