//! The server's layers point one way: nothing below the web layer (`http`) uses it, and no two
//! top-level modules of the server depend on each other, directly or through others. The
//! client's transfer engine is layered the same way: no cycle among the modules of `transfer/`.

use std::path::PathBuf;

/// The modules allowed to use the web layer besides itself: `server` starts the server, so it
/// builds the router and sits above everything.
const ABOVE_HTTP: &[&str] = &["http", "server"];

fn server_src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../server/src")
}

#[test]
fn nothing_below_the_web_layer_uses_it() {
    let references = rushes_layers::references(&server_src()).expect("read the server's sources");
    let below: Vec<String> = references
        .iter()
        .filter(|r| r.target.first().is_some_and(|t| t == "http"))
        .filter(|r| {
            r.module
                .first()
                .is_some_and(|m| !ABOVE_HTTP.contains(&m.as_str()))
        })
        .map(|r| {
            format!(
                "  {}:{} crate::{}",
                r.file.display(),
                r.line,
                r.target.join("::")
            )
        })
        .collect();
    assert!(
        below.is_empty(),
        "only src/http/ and src/server.rs may refer to crate::http; these do too:\n{}",
        below.join("\n")
    );
}

#[test]
fn the_top_level_modules_have_no_cycle() {
    let graph = rushes_layers::graph(&server_src(), &[]).expect("read the server's sources");
    assert!(
        graph.nodes.len() > 10,
        "found only {:?}: is the path to the server's sources right?",
        graph.nodes
    );
    if let Some(cycle) = graph.cycle() {
        panic!(
            "the server's modules depend on each other in a {}",
            graph.describe(&cycle)
        );
    }
    // Printed with --nocapture: the layers as they stand, bottom first.
    for (i, layer) in graph.layers().unwrap_or_default().iter().enumerate() {
        println!("layer {i}: {}", layer.join(", "));
    }
}

#[test]
fn the_client_transfer_modules_have_no_cycle() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../client/src");
    let graph = rushes_layers::graph(&src, &["transfer"]).expect("read the client's sources");
    assert!(
        graph.nodes.len() > 10,
        "found only {:?}: is the path to the client's sources right?",
        graph.nodes
    );
    if let Some(cycle) = graph.cycle() {
        panic!(
            "the transfer modules depend on each other in a {}",
            graph.describe(&cycle)
        );
    }
}
