#!/usr/bin/env bash
# Sets up and runs every test of Rushes on Debian 12: installs what is missing (Debian packages,
# npm packages, tauri-driver, cargo-nextest, cargo-machete), then runs the UI checks and unit
# tests (svelte-check, vitest), formatting and lints (rustfmt, clippy, cargo-machete for unused
# dependencies) and all Rust tests with cargo nextest: unit, server integration, whole-system
# (client against the real server) and end-to-end (the real app under Xvfb over WebDriver).
# Set CARGO_TARGET_DIR to reuse a build cache kept outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { printf '\n==> %s (%ss)\n' "$1" "$((SECONDS - started))"; }

step "system packages and tools"
scripts/setup-system.sh --test

step "npm packages"
npm ci --no-audit --no-fund --loglevel=error

step "UI: type check, unit tests, build"
npm run check:ui
npm run test:ui
npm run build:ui

step "Rust: formatting, lints and unused dependencies"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo machete

step "Rust: unit, integration, whole-system and end-to-end tests"
scripts/with-desktop.sh cargo nextest run --workspace --all-targets --locked --no-fail-fast

step "all tests passed"
