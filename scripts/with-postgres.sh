#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temporary directory, trust
# authentication on 127.0.0.1 only, a free port, no fsync (nothing in it needs to survive). The
# command finds the cluster in RUSHES_TEST_POSTGRES (postgres://rushes@127.0.0.1:PORT/), which the
# server's API tests read to run on PostgreSQL, each test server in a database of its own. The
# cluster is stopped and removed when the command ends, however it ends.
#
#   scripts/with-postgres.sh cargo nextest run -p rushes-server --test api
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the unprivileged system user
# rushes-pg, made here when missing. Needs PostgreSQL's server binaries (Debian: postgresql-15,
# which scripts/setup-system.sh --test installs); PG_BIN overrides where they are.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

if [ -z "${PG_BIN:-}" ]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ ! -x "${PG_BIN:-}/initdb" ]; then
    echo "PostgreSQL server binaries not found (install postgresql-15, or set PG_BIN)" >&2
    exit 1
fi

run_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    PG_USER=rushes-pg
    if ! id -u "$PG_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
    fi
    run_pg() { runuser -u "$PG_USER" -- "$@"; }
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cluster=$(mktemp -d "${TMPDIR:-/tmp}/rushes-pg.XXXXXX")
chmod 755 "$cluster"
if [ -n "${PG_USER:-}" ]; then
    chown "$PG_USER" "$cluster"
fi

stop_cluster() {
    if [ -f "$cluster/data/postmaster.pid" ]; then
        run_pg "$PG_BIN/pg_ctl" stop -D "$cluster/data" -m immediate >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster"
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

run_pg "$PG_BIN/initdb" -D "$cluster/data" -U rushes --auth=trust --encoding=UTF8 \
    --locale=C --no-sync >"$cluster/initdb.log" 2>&1 || {
    cat "$cluster/initdb.log" >&2
    exit 1
}

port=$(free_port)
if ! run_pg "$PG_BIN/pg_ctl" start -D "$cluster/data" -w -t 60 -l "$cluster/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$cluster \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c max_connections=300" >/dev/null; then
    cat "$cluster/server.log" >&2
    exit 1
fi

export RUSHES_TEST_POSTGRES="postgres://rushes@127.0.0.1:$port/"
echo "PostgreSQL on 127.0.0.1:$port (RUSHES_TEST_POSTGRES=$RUSHES_TEST_POSTGRES)" >&2
status=0
"$@" || status=$?
exit "$status"
