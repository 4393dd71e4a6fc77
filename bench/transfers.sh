#!/usr/bin/env bash
# Transfers against peers on one machine, in one run, on the same server over loopback:
#   upload of a SIZE file: rushes vs curl (tus creation-with-upload, one request) vs tus-js-client;
#   download: rushes vs curl vs aria2c -x8 -s8; peak RSS of client and server;
#   COUNT small files of 16 KiB by rushes (files per second).
# Prints a markdown table of times and ratios. Usage: bench/transfers.sh [SIZE_MIB] [COUNT]
# (defaults 2048 and 5000). Needs a release build; installs aria2 and GNU time if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-2048}
count=${2:-5000}
for tool in aria2c:aria2 /usr/bin/time:time curl:curl; do
  command -v "${tool%%:*}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${tool##*:}"; }
done
[ -d node_modules/tus-js-client ] || npm ci --no-audit --no-fund --loglevel=error

target="${CARGO_TARGET_DIR:-target}"
cargo build --quiet --release --locked -p rushes-server -p rushes-cli
server="$target/release/rushes-server"
cli="$target/release/rushes"

work=$(mktemp -d)
trap 'kill "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
export RUSHES_CLI_HOME="$work/cli"
. bench/server.sh "Up"
"$cli" login "$url" --api-key "$key" --json >/dev/null

echo "making a ${size_mib} MiB file..." >&2
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/big.bin"
sync

# Each timed transfer starts from the same state: earlier writes flushed and, as root, the page
# cache dropped and the source read back in. Without it a transfer that follows another pays for
# the previous one's writeback and cache (seen here: a second 2 GiB upload took twice the
# kernel time of the first, whichever tool sent it).
settle() {
  sync
  if [ "$(id -u)" -eq 0 ]; then echo 3 >/proc/sys/vm/drop_caches; fi
  if [ -n "${1:-}" ]; then cat "$1" >/dev/null; fi
}

# Seconds (and peak RSS in KiB) of a command, via GNU time.
timed() {
  /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>>"$work/err.log" || { cat "$work/err.log" >&2; exit 1; }
  cat "$work/t"
}
meta=$(printf 'folder_id %s,filename %s' "$(printf %s "$folder" | base64)" "$(printf curl.bin | base64)")

settle "$work/big.bin"
read -r up_rushes rss_up < <(timed "$cli" upload "$work/big.bin" --to "Bench/Up" --json)
settle "$work/big.bin"
read -r up_curl _ < <(timed curl -sf -X POST -H "Authorization: Bearer $token" -H 'Tus-Resumable: 1.0.0' \
  -H "Upload-Length: $((size_mib * 1024 * 1024))" -H "Upload-Metadata: $meta" \
  -H 'Content-Type: application/offset+octet-stream' -T "$work/big.bin" "${url}uploads")
settle "$work/big.bin"
read -r up_tus _ < <(RUSHES_URL="$url" RUSHES_TOKEN="$token" RUSHES_FOLDER="$folder" \
  timed node bench/tus-js-upload.mjs "$work/big.bin")

file_id=$(api "${url}api/projects/$project/folders/$folder/files?name=big.bin" |
  python3 -c 'import json,sys; print([f["id"] for f in json.load(sys.stdin)["data"] if f["name"]=="big.bin"][0])')
media=$(curl -s -o /dev/null -w '%{redirect_url}' -H "Authorization: Bearer $token" \
  "${url}api/projects/$project/folders/$folder/files/$file_id/download")
mkdir -p "$work/down"
settle
read -r down_rushes rss_down < <(timed "$cli" download "Bench/Up/big.bin" --to "$work/down/rushes" --json)
settle
read -r down_curl _ < <(timed curl -sf -o "$work/down/curl.bin" "$media")
settle
read -r down_aria _ < <(timed aria2c -q -x8 -s8 --file-allocation=none -d "$work/down" -o aria.bin "$media")
server_rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")

mkdir -p "$work/small"
for i in $(seq 1 "$count"); do head -c 16384 /dev/urandom >"$work/small/f$i.bin"; done
settle
read -r small_secs _ < <(timed "$cli" upload "$work/small" --to "Bench/Small" --concurrency 16 --json)

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
rate() { python3 -c "print(f'{$size_mib/$1:.0f}')"; }
cat <<TABLE
| transfer (${size_mib} MiB, loopback) | seconds | MiB/s | rushes speed ÷ this speed |
|---|---|---|---|
| upload: rushes | $up_rushes | $(rate "$up_rushes") | 1.00 |
| upload: curl -T (one tus request) | $up_curl | $(rate "$up_curl") | $(ratio "$up_curl" "$up_rushes") |
| upload: tus-js-client | $up_tus | $(rate "$up_tus") | $(ratio "$up_tus" "$up_rushes") |
| download: rushes | $down_rushes | $(rate "$down_rushes") | 1.00 |
| download: curl | $down_curl | $(rate "$down_curl") | $(ratio "$down_curl" "$down_rushes") |
| download: aria2c -x8 -s8 | $down_aria | $(rate "$down_aria") | $(ratio "$down_aria" "$down_rushes") |

Targets: upload ≥ 0.95× curl (rushes/curl speed = $(ratio "$up_curl" "$up_rushes")), download ≥ 1.0× aria2c
($(ratio "$down_aria" "$down_rushes")).

| memory | peak RSS |
|---|---|
| rushes upload | $((rss_up / 1024)) MiB |
| rushes download | $((rss_down / 1024)) MiB |
| rushes-server (whole run) | $((server_rss / 1024)) MiB |

$count files of 16 KiB by rushes: $small_secs s, $(python3 -c "print(f'{$count/$small_secs:.0f}')") files per second.
TABLE
