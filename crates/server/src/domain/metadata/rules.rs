//! What a metadata write may contain: the bounds on keys, values and how many pairs an owner
//! has, checked before anything is written so one answer lists every problem.

use std::collections::BTreeMap;

use rushes_api::metadata::RESERVED_KEYS;
use serde_json::{Map, Value};

use crate::error::{ApiError, Problems};

/// The longest key, in UTF-8 bytes: long enough for a namespaced key ("camera.lens.serial"),
/// short enough to show as a label.
pub const MAX_KEY_BYTES: usize = 128;
/// The longest value, in UTF-8 bytes: a paragraph of notes, not a document.
pub const MAX_VALUE_BYTES: usize = 4096;
/// The most pairs one file or folder may have.
pub const MAX_KEYS: usize = 200;

/// Why `key` cannot be a custom key.
pub fn key(key: &str) -> Result<(), &'static str> {
    if key.trim().is_empty() {
        return Err("can't be blank");
    }
    if key.len() > MAX_KEY_BYTES {
        return Err("is too long as a key (maximum is 128 bytes)");
    }
    if key.chars().any(char::is_control) {
        return Err("can't contain control characters");
    }
    if RESERVED_KEYS.iter().any(|r| r.eq_ignore_ascii_case(key)) {
        return Err("is a technical field and read-only");
    }
    Ok(())
}

/// Why `value` cannot be a custom value. Line breaks and tabs are fine: values are notes.
pub fn value(value: &str) -> Result<(), &'static str> {
    if value.len() > MAX_VALUE_BYTES {
        return Err("is too long (maximum is 4096 bytes)");
    }
    if value.contains('\0') {
        return Err("can't contain NUL characters");
    }
    Ok(())
}

/// The problem with an owner ending up with `count` pairs.
pub fn count(count: usize) -> Result<(), ApiError> {
    let mut problems = Problems::default();
    check_count(&mut problems, count);
    problems.finish()
}

fn check_count(problems: &mut Problems, count: usize) {
    if count > MAX_KEYS {
        problems.check("base", Err("has too many keys (maximum is 200)"));
    }
}

/// A `PUT` body as the new pairs: every value a string, every pair within bounds.
pub fn replacement(body: &Map<String, Value>) -> Result<BTreeMap<String, String>, ApiError> {
    let mut problems = Problems::default();
    let mut pairs = BTreeMap::new();
    for (k, v) in body {
        problems.check(k, key(k));
        match v {
            Value::String(s) => {
                problems.check(k, value(s));
                pairs.insert(k.clone(), s.clone());
            }
            _ => problems.check(k, Err("must be a string")),
        }
    }
    check_count(&mut problems, body.len());
    problems.finish()?;
    Ok(pairs)
}

/// A `PATCH` body (JSON Merge Patch) as changes: `Some` sets the key, `None` removes it.
pub fn merge_patch(
    body: &Map<String, Value>,
) -> Result<BTreeMap<String, Option<String>>, ApiError> {
    let mut problems = Problems::default();
    let mut changes = BTreeMap::new();
    for (k, v) in body {
        problems.check(k, key(k));
        match v {
            Value::String(s) => {
                problems.check(k, value(s));
                changes.insert(k.clone(), Some(s.clone()));
            }
            Value::Null => {
                changes.insert(k.clone(), None);
            }
            _ => problems.check(k, Err("must be a string, or null to remove the key")),
        }
    }
    problems.finish()?;
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn fields(e: ApiError) -> Vec<String> {
        match e {
            ApiError::Validation(f) => f.into_keys().collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn keys_are_bounded_printable_and_not_technical() {
        assert_eq!(key("Scene"), Ok(()));
        assert_eq!(key(&"k".repeat(MAX_KEY_BYTES)), Ok(()));
        assert!(key(&"k".repeat(MAX_KEY_BYTES + 1)).is_err());
        assert_eq!(key(""), Err("can't be blank"));
        assert_eq!(key("  "), Err("can't be blank"));
        assert!(key("a\nb").is_err());
        assert!(key("a\u{0}b").is_err());
        for reserved in ["duration", "Width", "SHA256", "codec", "start_timecode"] {
            assert_eq!(
                key(reserved),
                Err("is a technical field and read-only"),
                "{reserved}"
            );
        }
    }

    #[test]
    fn values_may_hold_notes_but_not_nul() {
        assert_eq!(value(""), Ok(()));
        assert_eq!(value("line\nbreak\ttab"), Ok(()));
        assert_eq!(value(&"v".repeat(MAX_VALUE_BYTES)), Ok(()));
        assert!(value(&"v".repeat(MAX_VALUE_BYTES + 1)).is_err());
        assert!(value("a\0b").is_err());
    }

    #[test]
    fn replacement_lists_every_problem_by_key() {
        let body = object(json!({"ok": "x", "n": 3, "": "blank", "fps": "25", "nul": "a\u{0}"}));
        assert_eq!(
            fields(replacement(&body).unwrap_err()),
            ["", "fps", "n", "nul"]
        );
        let fine = replacement(&object(json!({"a": "1", "b": ""}))).unwrap();
        assert_eq!(fine.len(), 2);
    }

    #[test]
    fn replacement_refuses_null_and_too_many_keys() {
        let body = object(json!({"gone": null}));
        assert_eq!(fields(replacement(&body).unwrap_err()), ["gone"]);
        let many: Map<String, Value> = (0..=MAX_KEYS)
            .map(|i| (format!("k{i}"), json!("v")))
            .collect();
        assert_eq!(fields(replacement(&many).unwrap_err()), ["base"]);
    }

    #[test]
    fn merge_patch_sets_removes_and_refuses_other_json() {
        let changes = merge_patch(&object(json!({"set": "v", "drop": null}))).unwrap();
        assert_eq!(changes["set"], Some("v".into()));
        assert_eq!(changes["drop"], None);
        let bad = object(json!({"n": 1, "b": true, "o": {}, "a": [], "width": null}));
        assert_eq!(
            fields(merge_patch(&bad).unwrap_err()),
            ["a", "b", "n", "o", "width"]
        );
    }

    #[test]
    fn counts_above_the_limit_are_refused() {
        assert!(count(MAX_KEYS).is_ok());
        assert_eq!(fields(count(MAX_KEYS + 1).unwrap_err()), ["base"]);
    }
}
