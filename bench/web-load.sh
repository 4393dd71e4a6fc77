#!/usr/bin/env bash
# The web app's first load of the browse view with a cold cache, over loopback, in headless
# Chromium: signs in on the server's page in a new profile each round and prints the median and
# worst time until the project list is on screen, and the bytes transferred.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run build:ui
cargo run --quiet --release -p rushes-server --example bench_web_load
