#!/usr/bin/env bash
# Sets up and runs the Rushes desktop app on Debian 12: installs the Debian and npm packages it
# needs, builds the UI and the app (release), and starts it on the offline local library.
# With no display (a server, a container) it runs under Xvfb so it still starts.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-system.sh
echo "==> npm packages"
npm ci --no-audit --no-fund --loglevel=error
echo "==> building the UI"
npm run build:ui
echo "==> building the app (release; the first build takes about ten minutes)"
cargo build --release --locked
bin="${CARGO_TARGET_DIR:-target}/release/rushes-desktop"

echo "==> starting Rushes"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "    no display found: running under Xvfb (take a look with scripts/screenshot.sh)"
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$bin" "$@"
fi
exec "$bin" "$@"
