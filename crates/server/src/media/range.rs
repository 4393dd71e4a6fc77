//! The `Range` header (RFC 9110 14.2), for one range: `bytes=a-b`, `bytes=a-` and `bytes=-n`.
//!
//! Requests for several ranges at once are answered with the whole representation, which the
//! RFC allows; no client of ours asks for them and multipart answers buy nothing here.

/// What a `Range` header asks of a representation of `size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    /// No usable range (absent, malformed, several ranges, another unit): send everything.
    Full,
    /// Bytes `start..=end`, both within the representation.
    Partial { start: u64, end: u64 },
    /// A range that lies beyond the end (416).
    Unsatisfiable,
}

/// Interprets `header` for a representation of `size` bytes.
pub fn parse(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeRequest::Full;
    };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Full;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    match (first.trim(), last.trim()) {
        // Suffix: the last n bytes.
        ("", n) => match number(n) {
            None => RangeRequest::Full,
            Some(0) => RangeRequest::Unsatisfiable,
            Some(_) if size == 0 => RangeRequest::Unsatisfiable,
            Some(n) => RangeRequest::Partial {
                start: size.saturating_sub(n),
                end: size - 1,
            },
        },
        (a, b) => {
            let Some(start) = number(a) else {
                return RangeRequest::Full;
            };
            let end = if b.is_empty() {
                None
            } else {
                match number(b) {
                    Some(end) if end >= start => Some(end),
                    // `bytes=5-2` is invalid syntax, which is ignored.
                    _ => return RangeRequest::Full,
                }
            };
            if start >= size {
                return RangeRequest::Unsatisfiable;
            }
            RangeRequest::Partial {
                start,
                end: end.map_or(size - 1, |e| e.min(size - 1)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RangeRequest::{Full, Partial, Unsatisfiable};
    use super::*;

    #[test]
    fn closed_open_and_suffix_ranges() {
        assert_eq!(parse(Some("bytes=0-9"), 100), Partial { start: 0, end: 9 });
        assert_eq!(
            parse(Some("bytes=90-"), 100),
            Partial { start: 90, end: 99 }
        );
        assert_eq!(
            parse(Some("bytes=-10"), 100),
            Partial { start: 90, end: 99 }
        );
        assert_eq!(
            parse(Some("bytes=99-99"), 100),
            Partial { start: 99, end: 99 }
        );
    }

    #[test]
    fn ranges_reaching_past_the_end_are_clamped() {
        assert_eq!(
            parse(Some("bytes=50-1000"), 100),
            Partial { start: 50, end: 99 }
        );
        assert_eq!(
            parse(Some("bytes=-1000"), 100),
            Partial { start: 0, end: 99 }
        );
    }

    #[test]
    fn ranges_starting_past_the_end_are_unsatisfiable() {
        assert_eq!(parse(Some("bytes=100-"), 100), Unsatisfiable);
        assert_eq!(parse(Some("bytes=100-200"), 100), Unsatisfiable);
        assert_eq!(parse(Some("bytes=-0"), 100), Unsatisfiable);
        assert_eq!(parse(Some("bytes=0-"), 0), Unsatisfiable);
        assert_eq!(parse(Some("bytes=-5"), 0), Unsatisfiable);
    }

    #[test]
    fn anything_else_means_the_whole_thing() {
        for h in [
            None,
            Some(""),
            Some("bytes="),
            Some("bytes=5-2"),
            Some("bytes=a-b"),
            Some("bytes=0-1,5-6"),
            Some("items=0-1"),
            Some("bytes=+1-2"),
            Some("bytes=99999999999999999999999-"),
        ] {
            assert_eq!(parse(h, 100), Full, "{h:?}");
        }
    }

    // Property tests (fuzz targets, see docs/security.md).
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any header, any size: no panic, and a partial range always lies inside the bytes.
        #[test]
        fn any_header_gives_a_range_inside_the_representation(
            header in proptest::option::of("(bytes=)?[0-9 ,-]{0,40}|\\PC{0,40}"),
            size in proptest::prop_oneof![0u64..200, proptest::prelude::any::<u64>()],
        ) {
            if let Partial { start, end } = parse(header.as_deref(), size) {
                proptest::prop_assert!(start <= end && end < size, "{start}-{end} of {size}");
            }
        }

        #[test]
        fn closed_ranges_round_trip(size in 1u64..u64::MAX, a in proptest::prelude::any::<u64>(), len in proptest::prelude::any::<u64>()) {
            let start = a % size;
            let end = start.saturating_add(len);
            proptest::prop_assert_eq!(
                parse(Some(&format!("bytes={start}-{end}")), size),
                Partial { start, end: end.min(size - 1) }
            );
        }

        #[test]
        fn suffix_ranges_round_trip(size in 1u64..u64::MAX, n in 1u64..u64::MAX) {
            proptest::prop_assert_eq!(
                parse(Some(&format!("bytes=-{n}")), size),
                Partial { start: size - n.min(size), end: size - 1 }
            );
        }
    }
}
