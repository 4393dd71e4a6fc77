#!/usr/bin/env bash
# The proxy job on a camera original, through a real server: a 1080p ProRes 422 HQ clip of
# SECONDS (default 60) at 25 fps with two mono sound streams is uploaded, and the script prints
#   encode: how long the proxy job ran, as a multiple of real time (× real time);
#   latency: the API's answer time (a folder listing, one request at a time) while the job runs
#            against the same with the server idle, median and 95th percentile, and their ratio,
#            which says whether the encode starves requests.
# Usage: bench/proxy.sh [SECONDS] [PROFILE] (PROFILE release by default, or debug).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
profile=${2:-release}
for tool in ffmpeg:ffmpeg curl:curl; do
  command -v "${tool%%:*}" >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq "${tool##*:}"; }
done

target="${CARGO_TARGET_DIR:-target}"
if [ "$profile" = release ]; then
  cargo build --quiet --release --locked -p rushes-server
else
  cargo build --quiet --locked -p rushes-server
fi
server="$target/$profile/rushes-server"

work=$(mktemp -d)
trap 'kill "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
echo "making a ${seconds}s 1080p ProRes 422 HQ clip..." >&2
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=25:duration=$seconds" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
  -f lavfi -i "sine=frequency=660:sample_rate=48000:duration=$seconds" \
  -map 0:v -map 1:a -map 2:a -c:v prores_ks -profile:v 3 -pix_fmt yuv422p10le \
  -c:a pcm_s24le -timecode 01:00:00:00 "$work/A001C001.mov"

. bench/server.sh "Day 01"
listing="${url}api/projects/$project/folders/$folder/files"
for i in $(seq 1 20); do api -X POST -d "{\"name\":\"note-$i.txt\"}" "$listing" >/dev/null; done

# Answer times of N listings, one at a time, as "median p95" in milliseconds.
latency() {
  local n=$1
  for _ in $(seq 1 "$n"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$listing"
  done | python3 -c '
import statistics, sys
t = sorted(float(x) * 1000 for x in sys.stdin)
print(f"{statistics.median(t):.1f} {t[int(len(t) * 0.95) - 1]:.1f}")'
}
# The proxy rendition of the file: "state percent".
proxy_state() {
  api "$listing/$1" | python3 -c '
import json, sys
f = json.load(sys.stdin)["data"]
p = [r for r in f["renditions"] if r["kind"] == "proxy"]
print(p[0]["state"], p[0]["percent"]) if p else print("none 0")'
}

idle=$(latency 200)
meta=$(printf 'folder_id %s,filename %s' "$(printf %s "$folder" | base64)" "$(printf A001C001.mov | base64)")
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Tus-Resumable: 1.0.0' \
  -H "Upload-Length: $(stat -c %s "$work/A001C001.mov")" -H "Upload-Metadata: $meta" \
  -H 'Content-Type: application/offset+octet-stream' -T "$work/A001C001.mov" "${url}uploads"
file=$(api "$listing?name=A001C001" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')

until [ "$(proxy_state "$file" | cut -d' ' -f1)" = running ]; do sleep 0.1; done
started=$(date +%s.%N)
busy=$(latency 200)
until [ "$(proxy_state "$file" | cut -d' ' -f1)" = ready ]; do
  [ "$(proxy_state "$file" | cut -d' ' -f1)" = failed ] && { echo "the proxy failed" >&2; exit 1; }
  sleep 0.2
done
ended=$(date +%s.%N)

python3 - "$seconds" "$started" "$ended" "$idle" "$busy" "$(nproc)" <<'EOF'
import sys
seconds, started, ended = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
idle = [float(x) for x in sys.argv[4].split()]
busy = [float(x) for x in sys.argv[5].split()]
took = ended - started
print(f"| 1080p ProRes 422 HQ, {seconds:.0f} s, {sys.argv[6]} cores | figure |")
print("|---|---|")
print(f"| proxy job | {took:.1f} s = **{seconds / took:.2f}× real time** |")
print(f"| listing, idle: median / p95 | {idle[0]:.1f} / {idle[1]:.1f} ms |")
print(f"| listing, during the job: median / p95 | {busy[0]:.1f} / {busy[1]:.1f} ms |")
print(f"| ratio during ÷ idle (median / p95) | {busy[0] / idle[0]:.2f} / {busy[1] / idle[1]:.2f} |")
EOF
