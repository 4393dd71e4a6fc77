#!/usr/bin/env bash
# Lists one page of a folder holding 100,000 files (or the count given) on the real server, over
# loopback, and prints a table of median and 95th-percentile times per request shape.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release -p rushes-server --example bench_listing -- "${1:-100000}"
