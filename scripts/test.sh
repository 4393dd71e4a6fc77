#!/usr/bin/env bash
# Sets up and runs every test of Rushes on Debian 12: installs what is missing (Debian packages,
# npm packages, tauri-driver, cargo-nextest, cargo-machete), then runs svelte-check, formatting
# and lints (rustfmt, clippy, cargo-machete for unused dependencies), builds the Rust tests, runs
# the UI's vitest suite (its behaviour tests start the rushes-server just built and talk to it
# over HTTP), and all Rust tests with cargo nextest: unit, server integration, whole-system
# (client against the real server) and end-to-end (the real app under Xvfb over WebDriver), then
# the server's API tests once more on PostgreSQL (a throwaway cluster, scripts/with-postgres.sh).
# Set CARGO_TARGET_DIR to reuse a build cache kept outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { printf '\n==> %s (%ss)\n' "$1" "$((SECONDS - started))"; }

step "system packages and tools"
scripts/setup-system.sh --test

step "npm packages"
npm ci --no-audit --no-fund --loglevel=error

step "UI: type check and build"
npm run check:ui
npm run build:ui

step "Rust: formatting, lints and unused dependencies"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo machete

step "Rust: build every test"
cargo nextest run --workspace --all-targets --locked --no-run

step "UI: unit and behaviour tests (against the rushes-server just built)"
target_dir=$(cargo metadata --format-version 1 --no-deps --locked |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')
RUSHES_SERVER_BIN="$target_dir/debug/rushes-server" npm run test:ui

step "Rust: unit, integration, whole-system and end-to-end tests"
scripts/with-desktop.sh cargo nextest run --workspace --all-targets --locked --no-fail-fast

step "Rust: the server's API tests on PostgreSQL"
# The same build as the step above (--workspace --all-targets), narrowed by a filter: selecting
# the package with -p would resolve other features and compile sqlx and the server again.
scripts/with-postgres.sh cargo nextest run --workspace --all-targets --locked --no-fail-fast \
  -E 'package(rushes-server) & binary(api)'

step "all tests passed"
