#!/usr/bin/env bash
# Installs the Debian packages and tools Rushes needs to build, run and test.
# Idempotent: packages already present are skipped by apt, tools already installed are kept.
set -euo pipefail

need_root() { if [ "$(id -u)" -ne 0 ]; then echo "sudo"; fi; }
SUDO=$(need_root)

BUILD_PKGS=(libwebkit2gtk-4.1-dev pkg-config build-essential curl file)
RUN_PKGS=(xvfb xauth webkit2gtk-driver dbus dbus-x11 xdg-utils desktop-file-utils imagemagick
  gnome-keyring libsecret-tools ffmpeg gstreamer1.0-plugins-good gstreamer1.0-libav)
# chromium: the server test that renders Swagger UI (/api/docs) headless. Its font comes only as a
# recommendation, which --no-install-recommends skips; without one, text in screenshots is unreadable.
# chromium-driver: the web app's tests drive that Chromium over WebDriver.
# xdotool and python3: the installation test moves the installed app's window and times its
# first paint.
# unzip: the server's ZIP download tests check archives with it; zip: bench/zip.sh compares with it.
# nginx and openssl: the server's tests run the reference nginx configuration (deploy/) in front of
# it, over TLS with a throwaway certificate; nginx runs there in its own temp dir, never as a service.
TEST_PKGS=(chromium chromium-driver fonts-dejavu-core xdotool python3 unzip zip nginx openssl)

want=("${BUILD_PKGS[@]}" "${RUN_PKGS[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${TEST_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Debian starts nginx as a service on port 80 when it is installed; the tests only need the
  # binary, so a service this script brought up is stopped and not started at boot.
  if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
else
  echo "==> apt: all ${#want[@]} packages present"
fi

# PostgreSQL 15's server binaries: the API tests run a second time on a throwaway cluster of
# their own (scripts/with-postgres.sh). Debian's package would make and start a "main" cluster
# as a service; the tests need neither, so that is switched off before it installs.
if [ "${1:-}" = "--test" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  echo "==> apt: installing postgresql-15 (no cluster of its own)"
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" |
    $SUDO tee /etc/postgresql-common/createcluster.d/rushes-tests.conf >/dev/null
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql-15
fi

if [ "${1:-}" = "--test" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> cargo install tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --version "^2" --locked
fi
if [ "${1:-}" = "--test" ] && ! command -v cargo-machete >/dev/null 2>&1; then
  echo "==> cargo install cargo-machete (keeps unused dependencies out)"
  cargo install cargo-machete --locked
fi
if [ "${1:-}" = "--test" ] && ! command -v cargo-nextest >/dev/null 2>&1; then
  echo "==> cargo install cargo-nextest"
  cargo install cargo-nextest --locked
fi
