#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL store tests (issue 16).
#
#   eval "$(scripts/test-postgres-cluster.sh start)"   # initdb in a temporary folder, start it on a free port
#   swift test --disable-xctest                         # the PostgreSQL tests now run (VIGIE_TEST_POSTGRES_URL)
#   scripts/test-postgres-cluster.sh stop               # stop it and remove the folder
#
# `start` prints the exports to evaluate (VIGIE_TEST_POSTGRES_URL, VIGIE_TEST_POSTGRES_DIR) on stdout, and what
# it does on stderr. The cluster listens on 127.0.0.1 only, trusts local connections (no password), and runs
# without fsync: it holds test data only. PostgreSQL refuses to run as root: as root, the cluster belongs to
# the OS user in VIGIE_TEST_POSTGRES_OS_USER (default: postgres, which Debian's package creates).
set -euo pipefail

usage() {
    echo "usage: $0 start | stop [DIR]" >&2
    exit 2
}

bin_dir() {
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    local newest
    newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$newest" ] || [ ! -x "$newest/initdb" ]; then
        echo "test-postgres-cluster: no initdb found: install PostgreSQL (Debian: apt-get install postgresql)" >&2
        exit 1
    fi
    echo "$newest"
}

# Runs a PostgreSQL program as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bin dir port
    bin="$(bin_dir)"
    owner="${VIGIE_TEST_POSTGRES_OS_USER:-postgres}"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/vigie-postgres.XXXXXX")"
    chmod 0755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        if ! id "$owner" >/dev/null 2>&1; then
            echo "test-postgres-cluster: running as root, and there is no OS user $owner to own the cluster" >&2
            echo "  (set VIGIE_TEST_POSTGRES_OS_USER to one)" >&2
            exit 1
        fi
        chown "$owner" "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U vigie --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    # Another process may take the port between the choice and the start: try a few.
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c max_locks_per_transaction=256" \
            start >&2; then
            break
        fi
        if [ "$attempt" -eq 5 ]; then
            cat "$dir/server.log" >&2
            exit 1
        fi
    done
    as_owner "$bin/psql" -q -h 127.0.0.1 -p "$port" -U vigie -d postgres -c "CREATE DATABASE vigie_test" >&2
    echo "test-postgres-cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port in $dir" >&2
    echo "export VIGIE_TEST_POSTGRES_URL='postgres://vigie@127.0.0.1:$port/vigie_test?sslmode=disable'"
    echo "export VIGIE_TEST_POSTGRES_DIR='$dir'"
}

stop() {
    local dir="${1:-${VIGIE_TEST_POSTGRES_DIR:-}}"
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
        echo "test-postgres-cluster: no cluster to stop (give its folder, or set VIGIE_TEST_POSTGRES_DIR)" >&2
        exit 1
    fi
    owner="$(stat -c %U "$dir/data")"
    as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
    echo "test-postgres-cluster: stopped and removed $dir" >&2
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
*) usage ;;
esac
