//! Finds the paths in one source file that start at the crate root or climb to it, and resolves
//! each to the absolute module path it names: `use crate::a::b`, `crate::a::f()` in code,
//! `super::super::a` from a file two levels down, and use trees such as
//! `use crate::{a, b::{c, d}}`. Inline `mod name { ... }` blocks count as a level for `super`.

use crate::tokens::{tokenize, Kind, Token};

/// A path found in a file: where it is and what it names, from the crate root
/// (`crate::db::Pool` is `["db", "Pool"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// 1-based line of the path's first segment.
    pub line: usize,
    /// The absolute path, as far as it is a plain chain of names.
    pub path: Vec<String>,
    /// The name a `use ... as name` gives it.
    pub alias: Option<String>,
}

/// The absolute paths in `source`, a file whose module is `module` (empty for the crate root).
/// Paths that stay relative (`foo::bar`, `self::x`) are not reported: they cannot leave the
/// file's own module.
pub fn scan(source: &str, module: &[String]) -> Vec<Found> {
    let tokens = tokenize(source);
    let mut found = Vec::new();
    // Inline modules opened in this file: (name, brace depth outside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].kind {
            Kind::Punct('{') => depth += 1,
            Kind::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, outer)| *outer == depth) {
                    inline.pop();
                }
            }
            Kind::Ident(word) if word == "mod" => {
                if let (Some(Kind::Ident(name)), Some(Kind::Punct('{'))) =
                    (kind(&tokens, i + 1), kind(&tokens, i + 2))
                {
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Kind::Ident(word) if starts_path(&tokens, i, word) => {
                let here: Vec<String> = module
                    .iter()
                    .cloned()
                    .chain(inline.iter().map(|(name, _)| name.clone()))
                    .collect();
                let base = if word == "crate" { Vec::new() } else { here };
                // `crate` or `super` is the path's first segment: resolve from there.
                i = tree(&tokens, i, Some(base), &mut found);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// What the crate root's own `use` items bring in (`pub use error::ServerError;` is
/// `["error", "ServerError"]`), so that `crate::ServerError` elsewhere can be followed to the
/// module that defines it. At the root, relative paths are absolute; `use` inside functions is
/// left out.
pub fn root_uses(source: &str) -> Vec<Found> {
    let tokens = tokenize(source);
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].kind {
            Kind::Punct('{') => depth += 1,
            Kind::Punct('}') => depth = depth.saturating_sub(1),
            Kind::Ident(word) if word == "use" && depth == 0 => {
                i = tree(&tokens, i + 1, Some(Vec::new()), &mut found);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn kind(tokens: &[Token], i: usize) -> Option<&Kind> {
    tokens.get(i).map(|t| &t.kind)
}

/// Whether `word` at `i` begins a path that resolves from the crate root or a parent: `crate::`
/// or `super::`, not itself after a `::` (then it is inside a path already being read), and not
/// a visibility such as `pub(crate)` or `pub(super)` (no `::` follows those).
fn starts_path(tokens: &[Token], i: usize, word: &str) -> bool {
    (word == "crate" || word == "super")
        && kind(tokens, i + 1) == Some(&Kind::PathSep)
        && (i == 0 || kind(tokens, i - 1) != Some(&Kind::PathSep))
}

/// Reads one use tree or path at `i` with `base` as the path so far (`None` once it no longer
/// names anything), records the paths it ends in, and returns the index after it.
fn tree(
    tokens: &[Token],
    mut i: usize,
    base: Option<Vec<String>>,
    found: &mut Vec<Found>,
) -> usize {
    match kind(tokens, i) {
        Some(Kind::Punct('{')) => {
            i += 1;
            loop {
                match kind(tokens, i) {
                    None => return i,
                    Some(Kind::Punct('}')) => return i + 1,
                    Some(Kind::Punct(',')) => i += 1,
                    _ => {
                        let next = tree(tokens, i, base.clone(), found);
                        // Something unexpected inside the braces: skip a token, never loop.
                        i = next.max(i + 1);
                    }
                }
            }
        }
        Some(Kind::Punct('*')) => {
            record(tokens, i, base, found);
            i + 1
        }
        Some(Kind::Ident(word)) => {
            let base = match (word.as_str(), base) {
                ("crate", Some(_)) => Some(Vec::new()),
                ("self", base) => base,
                ("super", Some(mut path)) => path.pop().map(|_| path),
                (_, Some(mut path)) => {
                    path.push(word.clone());
                    Some(path)
                }
                (_, None) => None,
            };
            if kind(tokens, i + 1) == Some(&Kind::PathSep) {
                match kind(tokens, i + 2) {
                    Some(Kind::Ident(_) | Kind::Punct('{' | '*')) => {
                        tree(tokens, i + 2, base, found)
                    }
                    // `a::<T>` and the like: the path ends at `a`.
                    _ => {
                        record(tokens, i, base, found);
                        i + 2
                    }
                }
            } else if let (Some(Kind::Ident(word)), Some(Kind::Ident(alias))) =
                (kind(tokens, i + 1), kind(tokens, i + 2))
            {
                record(tokens, i, base, found);
                if word != "as" {
                    return i + 1;
                }
                if let Some(last) = found.last_mut() {
                    last.alias = Some(alias.clone());
                }
                i + 3
            } else {
                record(tokens, i, base, found);
                i + 1
            }
        }
        _ => i,
    }
}

fn record(tokens: &[Token], i: usize, base: Option<Vec<String>>, found: &mut Vec<Found>) {
    if let Some(path) = base.filter(|p| !p.is_empty()) {
        let line = tokens.get(i).map_or(0, |t| t.line);
        found.push(Found {
            line,
            path,
            alias: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{root_uses, scan, Found};

    fn module(path: &str) -> Vec<String> {
        path.split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    /// The paths found, as `a::b` strings, in order.
    fn paths(source: &str, in_module: &str) -> Vec<String> {
        scan(source, &module(in_module))
            .into_iter()
            .map(|f| f.path.join("::"))
            .collect()
    }

    #[test]
    fn plain_use_and_paths_in_code() {
        let source = "use crate::db::Pool;\nfn f() { crate::http::ApiError::Internal(x) }";
        assert_eq!(
            paths(source, "domain"),
            ["db::Pool", "http::ApiError::Internal"]
        );
    }

    #[test]
    fn grouped_and_nested_use_trees() {
        let source =
            "use crate::{\n    access,\n    db::{self, files::{File, Kind}},\n    http::*,\n};";
        assert_eq!(
            paths(source, "domain"),
            ["access", "db", "db::files::File", "db::files::Kind", "http"]
        );
    }

    #[test]
    fn lines_are_those_of_each_leaf() {
        let found = scan("use crate::{\n    a,\n    b::c,\n};", &[]);
        assert_eq!(
            found,
            [
                Found {
                    line: 2,
                    path: vec!["a".into()],
                    alias: None,
                },
                Found {
                    line: 3,
                    path: vec!["b".into(), "c".into()],
                    alias: None,
                },
            ]
        );
    }

    #[test]
    fn visibilities_are_not_paths() {
        let source =
            "pub(crate) use self::x::Y;\npub(super) fn f() {}\npub(crate) use crate::db::Z;";
        assert_eq!(paths(source, "domain::files"), ["db::Z"]);
    }

    #[test]
    fn comments_and_strings_are_not_code() {
        let source = "// use crate::http::ApiError;\n/// See [`crate::http`].\n\
                      //! crate::http\n/* crate::http */\nlet s = \"crate::http::x\";\n\
                      let r = r#\"use crate::http;\"#; let c = '{'; use crate::db;";
        assert_eq!(paths(source, "domain"), ["db"]);
    }

    #[test]
    fn super_climbs_from_the_files_module() {
        assert_eq!(
            paths("use super::ApiError;", "http::error"),
            ["http::ApiError"]
        );
        assert_eq!(
            paths("use super::super::db::Pool;", "domain::comments::rules"),
            ["domain::db::Pool"]
        );
        assert_eq!(
            paths("use super::super::db::Pool;", "domain::comments"),
            ["db::Pool"]
        );
        assert_eq!(paths("use super::http;", "domain"), ["http"]);
        // Above the root names nothing.
        assert!(paths("use super::super::x;", "domain").is_empty());
    }

    #[test]
    fn super_inside_a_use_tree() {
        assert_eq!(
            paths("use super::{super::http, x};", "tus::error"),
            ["http", "tus::x"]
        );
    }

    #[test]
    fn inline_modules_add_a_level() {
        let source = "fn a() { if x { y } }\n#[cfg(test)]\nmod tests {\n    use super::*;\n    \
                      use super::super::http::X;\n    fn f() { let c = '}'; }\n}\nuse super::db;";
        assert_eq!(
            paths(source, "tus::headers"),
            ["tus::headers", "tus::http::X", "tus::db"]
        );
    }

    #[test]
    fn macro_crate_and_turbofish() {
        let source = "$crate::db::query!(x); crate::db::get::<T>(y); crate::http::{a, b}::c";
        assert_eq!(
            paths(source, "domain"),
            ["db::query", "db::get", "http::a", "http::b"]
        );
    }

    #[test]
    fn relative_paths_are_left_out() {
        assert!(paths("use self::x::Y; use db::Pool; foo::crate_x();", "domain").is_empty());
    }

    #[test]
    fn the_roots_own_uses() {
        let source = "mod a;\npub use config::{A, B as C};\npub use crate::db::Store;\n\
                      fn f() { use x::Y; }";
        let found: Vec<(String, Option<String>)> = root_uses(source)
            .into_iter()
            .map(|f| (f.path.join("::"), f.alias))
            .collect();
        assert_eq!(
            found,
            [
                ("config::A".into(), None),
                ("config::B".into(), Some("C".into())),
                ("db::Store".into(), None)
            ]
        );
    }
}
