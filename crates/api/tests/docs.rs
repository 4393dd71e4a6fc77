//! The error codes of `docs/architecture/errors.md` are the ones in the code: a code added in
//! Rust and not described there (or described and gone) fails here, so the contract cannot drift
//! from what clients receive.

use rushes_api::error::ErrorCode;
use rushes_api::ipc::AppErrorCode;
use ts_rs::TS;

/// The string values of a unit enum, read from its TypeScript declaration
/// (`type X = "a" | "b";`), which ts-rs derives from the serde names clients see.
fn codes_of(decl: &str) -> Vec<String> {
    let union = decl.split_once('=').map_or("", |(_, rhs)| rhs);
    union
        .split('|')
        .map(|part| {
            part.trim()
                .trim_end_matches(';')
                .trim()
                .trim_matches('"')
                .to_owned()
        })
        .filter(|code| !code.is_empty())
        .collect()
}

/// The codes of the table under `heading`: each row starts with `` | `code` | ``.
fn documented(doc: &str, heading: &str) -> Vec<String> {
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("errors.md has no section {heading:?}"));
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(code, _)| code.to_owned()))
        .collect()
}

fn doc() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/architecture/errors.md"
    );
    std::fs::read_to_string(path).expect("docs/architecture/errors.md is readable")
}

#[test]
fn every_http_error_code_is_documented_and_nothing_else() {
    let mut code = codes_of(&ErrorCode::decl());
    let mut docs = documented(&doc(), "HTTP");
    assert!(code.len() > 10, "parsed {code:?}");
    code.sort();
    docs.sort();
    assert_eq!(docs, code, "docs/architecture/errors.md, section HTTP");
}

#[test]
fn the_list_of_every_http_error_code_misses_none() {
    // `ErrorCode::ALL` feeds the UI's generated table of what each code means to it; a code
    // left out of the list would reach the browser app as an unknown code.
    let mut listed: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let mut declared = codes_of(&ErrorCode::decl());
    listed.sort();
    declared.sort();
    assert_eq!(listed, declared);
}

#[test]
fn every_ipc_error_code_is_documented_and_nothing_else() {
    let mut code = codes_of(&AppErrorCode::decl());
    let mut docs = documented(&doc(), "The app's IPC");
    assert!(code.len() > 5, "parsed {code:?}");
    code.sort();
    docs.sort();
    assert_eq!(
        docs, code,
        "docs/architecture/errors.md, section The app's IPC"
    );
}

#[test]
fn the_parsers_read_what_they_are_given() {
    assert_eq!(codes_of(r#"type X = "a_b" | "c";"#), ["a_b", "c"]);
    let doc = "# T\n\n## One\n\n| code | x |\n|---|---|\n| `a` | 1 |\n\n## Two\n\n| `b` | 2 |\n";
    assert_eq!(documented(doc, "One"), ["a"]);
    assert_eq!(documented(doc, "Two"), ["b"]);
}
