//! The graph of one module's children (or a crate's top-level modules): which child refers to
//! which, with the file and line of every reference, and a cycle in it if there is one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::paths::{root_uses, scan};

/// One reference from a source file to a path from the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The file, relative to the source directory.
    pub file: PathBuf,
    /// The file's own module path (`src/db/files.rs` is `["db", "files"]`).
    pub module: Vec<String>,
    /// 1-based line.
    pub line: usize,
    /// What it refers to, from the crate root.
    pub target: Vec<String>,
}

/// Which child of a module refers to which, and where.
#[derive(Debug, Default)]
pub struct Graph {
    /// Every child, including those nothing refers to.
    pub nodes: BTreeSet<String>,
    /// `(from, to)` -> the references that make the edge.
    pub edges: BTreeMap<(String, String), Vec<Reference>>,
}

/// Every crate-root path in the `.rs` files under `src_dir`, the crate's source directory. The
/// crate roots themselves (`lib.rs`, `main.rs`) and `bin/` are not modules; what the root
/// re-exports is followed to where it comes from (`crate::ServerError` to `error::ServerError`).
pub fn references(src_dir: &Path) -> io::Result<Vec<Reference>> {
    let reexports = root_reexports(src_dir)?;
    let mut files = Vec::new();
    rust_files(src_dir, src_dir, &mut files)?;
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(module) = module_of(&file) else {
            continue;
        };
        let source = std::fs::read_to_string(src_dir.join(&file))?;
        for found in scan(&source, &module) {
            let target = match reexports.get(&found.path[0]) {
                Some(origin) => origin.iter().chain(&found.path[1..]).cloned().collect(),
                None => found.path,
            };
            out.push(Reference {
                file: file.clone(),
                module: module.clone(),
                line: found.line,
                target,
            });
        }
    }
    Ok(out)
}

/// The graph between the children of `scope` (a module path from the crate root; empty for the
/// crate's top-level modules), read from the crate whose sources are in `src_dir`. Children are
/// found on disk: `name.rs` or `name/` in the scope's directory.
pub fn graph(src_dir: &Path, scope: &[&str]) -> io::Result<Graph> {
    let dir = scope.iter().fold(src_dir.to_path_buf(), |d, s| d.join(s));
    let mut graph = Graph {
        nodes: children(&dir, scope.is_empty())?,
        ..Graph::default()
    };
    for reference in references(src_dir)? {
        let (Some(from), Some(to)) = (
            child_of(&reference.module, scope),
            child_of(&reference.target, scope),
        ) else {
            continue;
        };
        if from != to && graph.nodes.contains(to) {
            let key = (from.to_owned(), to.to_owned());
            graph.edges.entry(key).or_default().push(reference);
        }
    }
    Ok(graph)
}

impl Graph {
    /// A cycle, as the children in order (the last one refers back to the first), if any.
    pub fn cycle(&self) -> Option<Vec<String>> {
        let mut done = BTreeSet::new();
        for start in &self.nodes {
            let mut stack = Vec::new();
            if let Some(cycle) = self.visit(start, &mut stack, &mut done) {
                return Some(cycle);
            }
        }
        None
    }

    fn visit(
        &self,
        node: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in self.targets(node) {
            if let Some(cycle) = self.visit(next, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }

    /// The children `node` refers to.
    pub fn targets<'a>(&'a self, node: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.edges
            .keys()
            .filter(move |(from, _)| from == node)
            .map(|(_, to)| to.as_str())
    }

    /// `cycle` spelled out: each edge with the files and lines that make it.
    pub fn describe(&self, cycle: &[String]) -> String {
        let mut text = format!("cycle: {} -> {}\n", cycle.join(" -> "), cycle[0]);
        for (i, from) in cycle.iter().enumerate() {
            let to = &cycle[(i + 1) % cycle.len()];
            let _ = writeln!(text, "  {from} -> {to}:");
            for r in self
                .edges
                .get(&(from.clone(), to.clone()))
                .into_iter()
                .flatten()
            {
                let _ = writeln!(
                    text,
                    "    {}:{} crate::{}",
                    r.file.display(),
                    r.line,
                    r.target.join("::")
                );
            }
        }
        text
    }

    /// The children in layers, bottom first: each refers only to those in earlier layers. `None`
    /// when there is a cycle.
    pub fn layers(&self) -> Option<Vec<Vec<String>>> {
        let mut placed: BTreeSet<&str> = BTreeSet::new();
        let mut layers = Vec::new();
        while placed.len() < self.nodes.len() {
            let layer: Vec<String> = self
                .nodes
                .iter()
                .filter(|n| !placed.contains(n.as_str()))
                .filter(|n| self.targets(n).all(|t| placed.contains(t)))
                .cloned()
                .collect();
            if layer.is_empty() {
                return None;
            }
            placed.extend(
                self.nodes
                    .iter()
                    .filter(|n| layer.contains(n))
                    .map(String::as_str),
            );
            layers.push(layer);
        }
        Some(layers)
    }
}

/// The names the crate root re-exports, each with the path it stands for.
fn root_reexports(src_dir: &Path) -> io::Result<BTreeMap<String, Vec<String>>> {
    let root = ["lib.rs", "main.rs"]
        .iter()
        .map(|name| src_dir.join(name))
        .find(|path| path.is_file());
    let Some(root) = root else {
        return Ok(BTreeMap::new());
    };
    let source = std::fs::read_to_string(root)?;
    Ok(root_uses(&source)
        .into_iter()
        .filter_map(|found| {
            let name = found.alias.or_else(|| found.path.last().cloned())?;
            (name != "_").then_some((name, found.path))
        })
        .collect())
}

/// The child of `scope` that `path` lies in, if it lies below `scope`.
fn child_of<'a>(path: &'a [String], scope: &[&str]) -> Option<&'a str> {
    let inside = path.len() > scope.len() && path.iter().zip(scope).all(|(a, b)| a == b);
    inside.then(|| path[scope.len()].as_str())
}

/// The module names in `dir`: `name.rs` files and directories, without `mod.rs` (and, at the
/// crate root, without `lib.rs`, `main.rs` and `bin`).
fn children(dir: &Path, crate_root: bool) -> io::Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = if path.is_dir() {
            path.file_name()
        } else if path.extension().is_some_and(|e| e == "rs") {
            path.file_stem()
        } else {
            None
        };
        let Some(name) = name.and_then(|n| n.to_str()) else {
            continue;
        };
        let root_only = ["lib", "main", "bin"].contains(&name);
        if name != "mod" && !(crate_root && root_only) {
            names.insert(name.to_owned());
        }
    }
    Ok(names)
}

/// The `.rs` files under `dir`, relative to `src_dir`.
fn rust_files(src_dir: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(src_dir, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(relative) = path.strip_prefix(src_dir) {
                out.push(relative.to_path_buf());
            }
        }
    }
    Ok(())
}

/// The module a file relative to the source directory holds: `db/files.rs` and `db/files/mod.rs`
/// are `["db", "files"]`. `None` for the crate roots and binaries.
fn module_of(file: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    if parts.first().is_some_and(|p| p == "bin") {
        return None;
    }
    if parts.is_empty() && (stem == "lib" || stem == "main") {
        return None;
    }
    if stem != "mod" {
        parts.push(stem.to_owned());
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{child_of, module_of};

    fn strings(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn files_map_to_modules() {
        assert_eq!(
            module_of(Path::new("db/files.rs")),
            Some(strings(&["db", "files"]))
        );
        assert_eq!(module_of(Path::new("db/mod.rs")), Some(strings(&["db"])));
        assert_eq!(
            module_of(Path::new("config.rs")),
            Some(strings(&["config"]))
        );
        assert_eq!(module_of(Path::new("lib.rs")), None);
        assert_eq!(module_of(Path::new("main.rs")), None);
        assert_eq!(module_of(Path::new("bin/tool.rs")), None);
    }

    #[test]
    fn child_of_a_scope() {
        let path = strings(&["transfer", "queue", "Job"]);
        assert_eq!(child_of(&path, &[]), Some("transfer"));
        assert_eq!(child_of(&path, &["transfer"]), Some("queue"));
        assert_eq!(child_of(&path, &["other"]), None);
        assert_eq!(child_of(&strings(&["transfer"]), &["transfer"]), None);
    }

    /// A crate on disk: `files` are (path under `src/`, contents).
    fn crate_with(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
        let src = std::env::temp_dir()
            .join(format!("rushes-layers-{}-{name}", std::process::id()))
            .join("src");
        for (path, contents) in files {
            let path = src.join(path);
            std::fs::create_dir_all(path.parent().expect("a file has a parent"))
                .expect("create the test crate");
            std::fs::write(path, contents).expect("write the test crate");
        }
        src
    }

    #[test]
    fn a_cycle_through_a_reexport_and_super_is_found_with_its_lines() {
        let src = crate_with(
            "cycle",
            &[
                ("lib.rs", "mod a;\nmod b;\nmod c;\npub use b::Thing;\n"),
                ("a.rs", "//! A.\n\nuse crate::Thing;\n"),
                ("b/mod.rs", "mod inner;\npub struct Thing;\n"),
                ("b/inner.rs", "// crate::c\nuse super::super::a::X;\n"),
                ("c.rs", "use crate::{a, b};\n"),
            ],
        );
        let graph = super::graph(&src, &[]).expect("read the test crate");
        let _ = std::fs::remove_dir_all(src.parent().expect("src has a parent"));
        assert_eq!(graph.nodes.iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        let cycle = graph.cycle().expect("a and b refer to each other");
        assert_eq!(cycle, ["a", "b"]);
        let text = graph.describe(&cycle);
        assert!(text.contains("a.rs:3 crate::b::Thing"), "{text}");
        assert!(text.contains("inner.rs:2 crate::a::X"), "{text}");
        assert!(graph.layers().is_none());
    }

    #[test]
    fn layers_of_a_graph_without_cycles() {
        let src = crate_with(
            "layers",
            &[
                ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
                ("a.rs", "use crate::b::X;\n"),
                ("b.rs", "pub struct X;\n"),
                ("c.rs", "use crate::{a, b};\n"),
            ],
        );
        let graph = super::graph(&src, &[]).expect("read the test crate");
        let _ = std::fs::remove_dir_all(src.parent().expect("src has a parent"));
        assert_eq!(graph.cycle(), None);
        let layers = graph.layers().expect("no cycle");
        assert_eq!(layers, [vec!["b"], vec!["a"], vec!["c"]]);
    }

    #[test]
    fn the_graph_inside_one_module() {
        let src = crate_with(
            "scope",
            &[
                ("lib.rs", "mod transfer;\nmod other;\n"),
                ("other.rs", "use crate::transfer::queue;\n"),
                (
                    "transfer/mod.rs",
                    "mod queue;\nmod worker;\nuse queue::Job;\n",
                ),
                ("transfer/queue.rs", "use super::worker::W;\n"),
                (
                    "transfer/worker.rs",
                    "use crate::transfer::queue::Job;\nuse crate::other;\n",
                ),
            ],
        );
        let graph = super::graph(&src, &["transfer"]).expect("read the test crate");
        let _ = std::fs::remove_dir_all(src.parent().expect("src has a parent"));
        assert_eq!(graph.nodes.iter().collect::<Vec<_>>(), ["queue", "worker"]);
        assert_eq!(
            graph.cycle(),
            Some(vec!["queue".to_owned(), "worker".to_owned()])
        );
    }
}
