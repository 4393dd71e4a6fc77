#!/usr/bin/env bash
# The part of the installation test that runs the installed app. Runs inside
# scripts/with-desktop.sh (Xvfb, a private D-Bus session, an unlocked keychain), with a fresh
# home, as a person who just installed the package would:
#   1. starts `rushes-desktop` from PATH and measures cold start to first paint, then idle memory;
#   2. sends it `rushes://oauth/callback?code=...` with xdg-open while it runs: the link must reach
#      the running app (its log says so, without the code) and the second process must hand it
#      over and exit (single instance);
#   3. resizes and moves the window, quits the app with SIGTERM and checks the geometry was saved;
#   4. sends a second link with xdg-open while the app is not running: the desktop must start the
#      app through its desktop entry with the link (`%u`), and the window must come back where it
#      was.
# Links go through xdg-open as on GNOME, where it hands them to GIO (`gio open`), as GTK browsers
# do too. GIO drops the link when Exec lacks `%u`; xdg-open without a desktop environment would
# append it anyway and so could not catch that mistake.
# Screenshots, logs and figures.txt go to OUT_DIR. Exits non-zero on the first failed check.
# Usage: tests/install/check-installed.sh OUT_DIR
set -euo pipefail

out=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "  ok: $*"; }
now_ns() { date +%s%N; }

# A fresh home, so the app starts as on a new machine and its files are easy to find.
home=$(mktemp -d)
export HOME="$home/home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
  XDG_CACHE_HOME="$home/cache"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
identifier=io.rushes.desktop
log="$XDG_DATA_HOME/$identifier/logs/rushes.log"
window_state="$XDG_CONFIG_HOME/$identifier/.window-state.json"

# The installed app's processes started by this test: found by their home, so copies of the
# app run by anyone else on the machine are never counted or stopped.
app_pids() {
  local p
  for p in $(pgrep -x rushes-desktop || true); do
    if { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qxF "HOME=$HOME"; then echo "$p"; fi
  done
}

cleanup() {
  local p
  for p in $(app_pids); do kill -TERM "$p" 2>/dev/null || true; done
  cp -f "$log" "$log".* "$out/" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT

# Waits up to $1 seconds for the command in the remaining arguments to succeed.
wait_for() {
  local secs=$1
  shift
  local until=$((SECONDS + secs))
  while ! "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$until" ] || return 1
    sleep 0.1
  done
}

# True when the test's app runs exactly $1 processes.
app_count_is() { [ "$(app_pids | wc -l)" -eq "$1" ]; }

# Resident memory (VmRSS) and proportional set size (Pss) in KiB of process $1 and every
# process below it (the WebKit web and network processes), as
# "main_rss total_rss total_pss process_count".
memory_of_tree() {
  local pids=("$1") queue=("$1") p child total_rss=0 total_pss=0
  while [ ${#queue[@]} -gt 0 ]; do
    p=${queue[0]}
    queue=("${queue[@]:1}")
    for child in $(pgrep -P "$p" || true); do
      pids+=("$child")
      queue+=("$child")
    done
  done
  for p in "${pids[@]}"; do
    total_rss=$((total_rss + $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status")))
    total_pss=$((total_pss + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")))
  done
  echo "$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status") $total_rss $total_pss ${#pids[@]}"
}

# Opens link $1 as the desktop would (see the top of this file).
open_link() {
  XDG_CURRENT_DESKTOP=GNOME xdg-open "$1" >>"$out/xdg-open.log" 2>&1 ||
    fail "xdg-open failed (see $out/xdg-open.log)"
}

random() { od -An -N8 -tx1 /dev/urandom | tr -d ' \n'; }

echo "==> the desktop entry is the handler of rushes:// links"
handler=$(xdg-mime query default x-scheme-handler/rushes)
[ "$handler" = "Rushes.desktop" ] || fail "xdg-mime names '$handler' as the rushes:// handler"
ok "xdg-mime: x-scheme-handler/rushes -> $handler"
gio_handler=$(gio mime x-scheme-handler/rushes)
case "${gio_handler%%$'\n'*}" in
  *": Rushes.desktop") ok "GIO: ${gio_handler%%$'\n'*}" ;;
  *) fail "GIO's handler is not Rushes.desktop: $gio_handler" ;;
esac
binary=$(command -v rushes-desktop) || fail "rushes-desktop is not on PATH"
ok "rushes-desktop is $binary"

echo "==> first start"
started=$(now_ns)
rushes-desktop >"$out/run1.stderr" 2>&1 &
app_pid=$!
first_paint_ms=$(python3 "$here/first_paint.py" "$started" 60) ||
  fail "the window never showed the UI (see $out/run1.stderr)"
ok "cold start to first paint: $first_paint_ms ms"
import -window root "$out/first-paint.png"

wait_for 30 grep -q "local library running" "$log" || fail "the local library did not start (see $out/rushes.log)"
base=$(grep -m1 -o 'local library running base=[^ ]*' "$log" | sed 's/.*base=//')
ok "the local library runs at $base"
# The app's build of the server leaves Swagger UI out (it would be a quarter of the package) but
# still describes its API.
curl -fsS "${base}api/openapi.json" | grep -q '"openapi"' || fail "the library serves no OpenAPI document"
status=$(curl -s -o /dev/null -w '%{http_code}' "${base}api/docs/")
[ "$status" = 404 ] || fail "the library answers /api/docs/ with $status: is Swagger UI compiled in again?"
ok "the library serves its OpenAPI document, and no Swagger UI"

echo "==> idle memory, 10 s after first paint"
sleep 10
kill -0 "$app_pid" 2>/dev/null || fail "the app exited (see $out/run1.stderr)"
read -r main_rss total_rss total_pss processes < <(memory_of_tree "$app_pid")
ok "RSS main ${main_rss} KiB, all $processes processes ${total_rss} KiB (PSS ${total_pss} KiB)"

echo "==> a link while the app runs"
code="code-$(random)"
open_link "rushes://oauth/callback?code=$code&state=state-$(random)"
wait_for 10 grep -qF 'deep link received while running url=rushes://oauth/callback?code=…&state=…' "$log" ||
  fail "the running app did not receive the link (see $out/rushes.log and $out/xdg-open.log)"
ok "the running app received it: $(grep -m1 'deep link received while running' "$log" | cut -c1-150)"
wait_for 15 app_count_is 1 || fail "a second instance is still running: $(app_pids | tr '\n' ' ')"
[ "$(app_pids)" = "$app_pid" ] || fail "the first instance is gone; running now: $(app_pids | tr '\n' ' ')"
ok "the second instance handed the link over and exited; the first still runs"
import -window root "$out/running.png"

echo "==> the window's size and position are saved"
window=$(xdotool search --onlyvisible --pid "$app_pid" --name '^Rushes$' | sed -n 1p)
[ -n "$window" ] || fail "no window of pid $app_pid"
xdotool windowsize "$window" 1000 640
xdotool windowmove "$window" 120 90
wait_for 5 sh -c "xdotool getwindowgeometry '$window' | grep -q 'Geometry: 1000x640'" ||
  fail "the window was not resized"
sleep 1
kill -TERM "$app_pid"
wait_for 15 app_count_is 0 || fail "the app did not quit within 15 s of SIGTERM"
wait "$app_pid" || fail "the app exited with status $? on SIGTERM"
ok "SIGTERM quits the app cleanly"
python3 - "$window_state" <<'PY' || fail "the window state was not saved: $(cat "$window_state" 2>&1)"
import json, sys
main = json.load(open(sys.argv[1]))["main"]
want = {"width": 1000, "height": 640, "x": 120, "y": 90}
got = {k: main[k] for k in want}
assert got == want, got
PY
ok "saved: $(tr -d ' \n' <"$window_state" | cut -c1-120)"

echo "==> a link while the app is not running"
code2="code-$(random)"
started=$(now_ns)
open_link "rushes://oauth/callback?code=$code2&state=state-$(random)"
second_paint_ms=$(python3 "$here/first_paint.py" "$started" 60) || fail "the link did not start the app"
ok "the link started the app; first paint after $second_paint_ms ms (second start)"
wait_for 10 grep -qF 'deep link received at start url=rushes://oauth/callback?code=…&state=…' "$log" ||
  fail "the app started for the link did not get it: is %u missing from Exec? (see $out/rushes.log)"
ok "the app received it at start: $(grep -m1 'deep link received at start' "$log" | cut -c1-150)"
app_pid=$(app_pids | sed -n 1p)
wait_for 10 sh -c "xdotool search --onlyvisible --pid '$app_pid' --name '^Rushes\$'" || fail "no window"
window=$(xdotool search --onlyvisible --pid "$app_pid" --name '^Rushes$' | sed -n 1p)
geometry=$(xdotool getwindowgeometry "$window" | tr -s ' \n' ' ')
case "$geometry" in
  *"Position: 120,90"*"Geometry: 1000x640"*) ok "the window came back where it was: $geometry" ;;
  *) fail "the window was not restored: $geometry" ;;
esac
import -window root "$out/restarted.png"
kill -TERM "$app_pid"
wait_for 15 app_count_is 0 || fail "the app did not quit within 15 s of SIGTERM"

echo "==> no secret in any log"
cp -f "$log" "$log".* "$out/"
if grep -rqF -e "$code" -e "$code2" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$out"; then
  fail "an authorization code from a link was written to disk: $(grep -rlF -e "$code" -e "$code2" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$out")"
fi
ok "neither code appears in the logs, the app's files or the test output"

cat >"$out/figures.txt" <<EOF
first_paint_ms=$first_paint_ms
second_start_first_paint_ms=$second_paint_ms
idle_rss_main_kib=$main_rss
idle_rss_total_kib=$total_rss
idle_pss_total_kib=$total_pss
idle_processes=$processes
EOF
