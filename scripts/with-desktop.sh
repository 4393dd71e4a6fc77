#!/usr/bin/env bash
# Runs a command inside what a Linux desktop session provides: an X display (Xvfb unless one is
# already given with RUSHES_USE_DISPLAY=1), a private D-Bus session bus and an unlocked Secret
# Service keychain (gnome-keyring, with its own throwaway home so a real keyring is never touched).
# Usage: scripts/with-desktop.sh CMD [ARGS...]
set -euo pipefail

if [ "${RUSHES_IN_DESKTOP:-}" != "1" ]; then
  export RUSHES_IN_DESKTOP=1
  if [ "${RUSHES_USE_DISPLAY:-}" = "1" ] && [ -n "${DISPLAY:-}" ]; then
    exec dbus-run-session -- "$0" "$@"
  fi
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@"
fi

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
# The daemon forks into the background and lives as long as this D-Bus session.
printf %s rushes-test | HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" \
  gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
"$@"
