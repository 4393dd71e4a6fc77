//! The graph of one module's children (or a crate's top-level modules): which child refers to
//! which, with the file and line of every reference, and a cycle in it if there is one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::paths::scan;

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
/// crate roots themselves (`lib.rs`, `main.rs`) and `bin/` are not read: they are not modules.
pub fn references(src_dir: &Path) -> io::Result<Vec<Reference>> {
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
            out.push(Reference {
                file: file.clone(),
                module: module.clone(),
                line: found.line,
                target: found.path,
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
}
