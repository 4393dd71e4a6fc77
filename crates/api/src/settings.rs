//! The app's settings, as the UI edits them and the Rust side (the transfer engine) reads them.
//!
//! They cross IPC whole: `settings_get` answers a [`Settings`], `settings_set` takes one, checks
//! it with [`Settings::problems`] and keeps it. Nothing here is secret.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The most transfers that may run at once; more only fights over the same disk and link.
pub const MAX_CONCURRENCY: u32 = 16;
/// The slowest bandwidth limit worth setting (16 KiB/s): below it transfers time out.
pub const MIN_BANDWIDTH_LIMIT: u64 = 16 * 1024;

/// Light or dark, or whatever the operating system prefers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Dark, the default: media looks right against it.
    #[default]
    Dark,
    Light,
    /// Follows the operating system.
    System,
}

/// Everything the person can set in Settings. Fields missing from a stored copy take their
/// defaults, so settings written by an older version still load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    /// Where downloads go; `null` means the system's Downloads folder.
    pub download_dir: Option<String>,
    /// Uploads and downloads running at once, together (1 to [`MAX_CONCURRENCY`]).
    pub concurrency: u32,
    /// Bytes per second over all transfers; `null` means unlimited.
    #[ts(type = "number | null")]
    pub bandwidth_limit: Option<u64>,
    pub theme: Theme,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            download_dir: None,
            concurrency: 4,
            bandwidth_limit: None,
            theme: Theme::Dark,
        }
    }
}

impl Settings {
    /// What is wrong with these settings, one `(field, message)` per problem, in words the UI
    /// can show beside the field. Empty when they can be saved.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.concurrency == 0 || self.concurrency > MAX_CONCURRENCY {
            out.push((
                "concurrency",
                format!("choose between 1 and {MAX_CONCURRENCY} transfers at once"),
            ));
        }
        if let Some(limit) = self.bandwidth_limit {
            if limit < MIN_BANDWIDTH_LIMIT {
                out.push((
                    "bandwidth_limit",
                    "a limit below 16 KiB/s would make transfers time out; leave it empty for no limit".into(),
                ));
            }
        }
        if let Some(dir) = &self.download_dir {
            if dir.trim().is_empty() {
                out.push((
                    "download_dir",
                    "choose a folder, or leave it empty for Downloads".into(),
                ));
            } else if !std::path::Path::new(dir).is_absolute() {
                out.push(("download_dir", "use a full path to a folder".into()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_four_transfers_no_limit_dark() {
        let s = Settings::default();
        assert_eq!(s.concurrency, 4);
        assert_eq!(s.bandwidth_limit, None);
        assert_eq!(s.theme, Theme::Dark);
        assert!(s.problems().is_empty());
    }

    #[test]
    fn a_stored_copy_missing_fields_loads_with_defaults() {
        let s: Settings = serde_json::from_str(r#"{"theme":"light"}"#).unwrap();
        assert_eq!(s.theme, Theme::Light);
        assert_eq!(s.concurrency, 4);
    }

    #[test]
    fn out_of_range_values_are_named_by_field() {
        let s = Settings {
            concurrency: 0,
            bandwidth_limit: Some(10),
            download_dir: Some("relative/dir".into()),
            theme: Theme::System,
        };
        let fields: Vec<_> = s.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["concurrency", "bandwidth_limit", "download_dir"]);
    }
}
