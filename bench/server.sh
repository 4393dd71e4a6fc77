# Sourced by the bench scripts: starts `$server` (a rushes-server binary) on a free loopback port
# with its data in `$work/data`, signs in with an API key, and defines
#   url, key, token, server_pid; api (curl with the token and JSON); idof (the id of an
#   enveloped answer on stdin); project and folder ids of a new project "Bench" with a folder
#   named $1 (default "Day 01").
# The caller sets `server` and `work` and kills `server_pid` on exit.
bench_folder=${1:-Day 01}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/"
RUSHES_ADMIN_EMAIL=bench@rushes.invalid RUSHES_ADMIN_PASSWORD=bench-password-long \
  "$server" serve --data-dir "$work/data" --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "${url}healthz" >/dev/null; do sleep 0.2; done
key=$("$server" api-key create --data-dir "$work/data" --user bench@rushes.invalid | tail -1)
token=$(curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apiKey\":\"$key\"}" "${url}auth/api-key" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
idof() { python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])'; }
project=$(api -X POST -d '{"name":"Bench"}' "${url}api/projects" | idof)
folder=$(api -X POST -d "{\"name\":\"$bench_folder\"}" "${url}api/projects/$project/folders" | idof)
