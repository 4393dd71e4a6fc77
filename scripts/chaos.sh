#!/usr/bin/env bash
# The long chaos run: a mixed tree uploaded and downloaded by `rushes`, and uploaded by the
# transfer engine as the app runs it, while the client and the server are killed at random
# moments (KILLS of them, 100 by default), each client kill followed by the same command again
# and each server kill by a restart on the same data dir. Prints the figures (lost, corrupt,
# duplicates, pending, leftovers, bytes re-sent per kill) and fails if anything was lost,
# corrupted, doubled or left behind. CI runs a short seeded version with the other tests.
# Usage: scripts/chaos.sh [KILLS] [SEED]     (RUSHES_CHAOS_LARGE_MIB=300,120,40 sets the large files)
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSHES_CHAOS_KILLS="${1:-100}"
export RUSHES_CHAOS_SEED="${2:-1}"
scripts/setup-system.sh --test
[ -d ui/dist ] || { npm ci --no-audit --no-fund --loglevel=error && npm run build:ui; }
# The workspace's binaries (rushes, rushes-server) are what the test starts and kills.
cargo build --workspace --locked --bins
exec scripts/with-desktop.sh cargo nextest run -p rushes-cli --locked --run-ignored ignored-only \
  --no-capture -E 'test(=chaos::long_chaos_run)'
