//! Names of transferred files: which remote names are safe as local file names, and the
//! "keep both" names (`clip (2).mov`) people know from their file managers.

use crate::ClientError;

/// Refuses a name that would escape the download folder or can't be a file name.
pub fn check_local_name(name: &str) -> Result<(), ClientError> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\0'])
        || name.chars().any(char::is_control);
    if bad {
        return Err(ClientError::Invalid(format!(
            "“{name}” can't be used as a file name here"
        )));
    }
    Ok(())
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

    #[test]
    fn names_that_escape_the_folder_are_refused() {
        for bad in ["", ".", "..", "a/b", "a\0b", "a\nb"] {
            assert!(check_local_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_local_name("A001_C002.mov").is_ok());
    }
}
