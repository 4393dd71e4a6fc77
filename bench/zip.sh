#!/usr/bin/env bash
# The ZIP download of a folder against `zip -0 -r` of the same files on disk, on one machine in
# one run: a folder of COUNT files making SIZE_MIB in all, uploaded through the API, then
#   rushes: GET /api/projects/{pid}/folders/{fid}/zip with curl to a file;
#   zip -0 -r: the same files (the uploaded originals) stored into an archive.
# Both archives are checked with `unzip -t`. Prints a markdown table of times and the ratio.
# Usage: bench/zip.sh [SIZE_MIB] [COUNT] (defaults 1024 and 4). Needs a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
count=${2:-4}
for tool in zip:zip unzip:unzip curl:curl; do
  command -v "${tool%%:*}" >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq "${tool##*:}"; }
done

target="${CARGO_TARGET_DIR:-target}"
cargo build --quiet --release --locked -p rushes-server
server="$target/release/rushes-server"

work=$(mktemp -d)
trap 'kill "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
. bench/server.sh "Day 01"

echo "making and uploading $count files of $((size_mib / count)) MiB..." >&2
mkdir -p "$work/src/Day 01"
for i in $(seq 1 "$count"); do
  f="$work/src/Day 01/A00$i.mov"
  head -c "$((size_mib * 1024 * 1024 / count))" /dev/urandom >"$f"
  meta=$(printf 'folder_id %s,filename %s' "$(printf %s "$folder" | base64)" "$(printf "A00$i.mov" | base64)")
  curl -sf -X POST -H "Authorization: Bearer $token" -H 'Tus-Resumable: 1.0.0' \
    -H "Upload-Length: $(stat -c %s "$f")" -H "Upload-Metadata: $meta" \
    -H 'Content-Type: application/offset+octet-stream' -T "$f" "${url}uploads" >/dev/null
done

# Each timed run starts from flushed writes and, as root, a cold page cache.
settle() {
  sync
  if [ "$(id -u)" -eq 0 ]; then echo 3 >/proc/sys/vm/drop_caches; fi
}
seconds() { python3 -c 'import sys,time; t=time.monotonic(); import subprocess; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); print(f"{time.monotonic()-t:.2f}")' "$@"; }

settle
t_rushes=$(seconds curl -sf -H "Authorization: Bearer $token" -o "$work/rushes.zip" \
  "${url}api/projects/$project/folders/$folder/zip")
settle
t_zip=$(cd "$work/src" && seconds zip -0 -r -q "$work/zip.zip" "Day 01")
unzip -tq "$work/rushes.zip" >/dev/null
unzip -tq "$work/zip.zip" >/dev/null

python3 - "$size_mib" "$count" "$t_rushes" "$t_zip" "$(stat -c %s "$work/rushes.zip")" "$(stat -c %s "$work/zip.zip")" <<'PY'
import sys
mib, count, rushes, zip_, rs, zs = sys.argv[1:]
mib, rushes, zip_ = int(mib), float(rushes), float(zip_)
print(f"| {mib} MiB in {count} files | seconds | MiB/s | archive bytes | rushes speed ÷ this speed |")
print("|---|---|---|---|---|")
print(f"| rushes ZIP stream (curl, loopback) | {rushes:.2f} | {mib / rushes:.0f} | {rs} | 1.00 |")
print(f"| zip -0 -r (local disk) | {zip_:.2f} | {mib / zip_:.0f} | {zs} | {zip_ / rushes:.2f} |")
PY
