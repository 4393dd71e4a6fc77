//! Keeps a crate's modules layered: reads the crate's source files and builds the graph of which
//! module refers to which, so a test can assert that the graph has no cycle and that a module
//! (the web layer, say) is used from above only.
//!
//! It reads source text rather than compiled code, so it needs nothing beyond std and runs in a
//! moment. It finds every path that starts at the crate root or climbs to it (`use crate::...`,
//! `crate::a::f()` in code, `super::` chains that reach the root, use trees such as
//! `use crate::{a, b::c}`), and skips comments and literals. Relative paths (`self::`, a child's
//! name) never leave their module, so they cannot make an edge between two children.
//!
//! ```no_run
//! let src = std::path::Path::new("crates/server/src");
//! let graph = rushes_layers::graph(src, &[]).unwrap();
//! if let Some(cycle) = graph.cycle() {
//!     panic!("{}", graph.describe(&cycle));
//! }
//! ```

mod graph;
mod paths;
mod tokens;

pub use graph::{graph, references, Graph, Reference};
pub use paths::{scan, Found};
