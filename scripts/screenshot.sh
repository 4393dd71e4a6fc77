#!/usr/bin/env bash
# Writes PNG screenshots of the running app (default: docs/screenshots/) for reviewing the UI.
# Builds the UI and the app if needed, then drives the real app under Xvfb over WebDriver, and
# the web app in headless Chromium (its browser tests, asked to keep pictures: web-*.png).
# Usage: scripts/screenshot.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
scripts/setup-system.sh --test
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run build:ui
cargo build --locked --bin rushes-desktop --example screenshot
target="${CARGO_TARGET_DIR:-target}"
scripts/with-desktop.sh "$target/debug/examples/screenshot" "$target/debug/rushes-desktop" "$out"
# The web app: the browser tests of the server save their pictures when told where.
RUSHES_WEB_SCREENSHOTS="$(cd "$out" && pwd)" cargo test --locked -p rushes-server --test api -- \
  web_app:: web_review_links:: web_review_loop::
