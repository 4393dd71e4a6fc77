//! Partial updates: telling "leave it" (field absent) from "clear it" (field `null`).

use serde::{Deserialize, Deserializer};

/// For `Option<Option<T>>` fields with `#[serde(default, deserialize_with = "...")]`: an absent
/// field stays `None` (through `default`), `null` becomes `Some(None)`, a value `Some(Some(v))`.
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "super::double_option")]
        parent_id: Option<Option<i64>>,
    }

    #[test]
    fn absent_null_and_value_are_three_different_things() {
        let p: Patch = serde_json::from_str("{}").unwrap();
        assert_eq!(p.parent_id, None);
        let p: Patch = serde_json::from_str(r#"{"parent_id":null}"#).unwrap();
        assert_eq!(p.parent_id, Some(None));
        let p: Patch = serde_json::from_str(r#"{"parent_id":7}"#).unwrap();
        assert_eq!(p.parent_id, Some(Some(7)));
    }
}
