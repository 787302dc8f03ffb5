#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the benchmarks (Debian's packages; installed when missing).
#   source bench/postgres.sh; pg_start <dir> <port>; ...; pg_stop <dir>
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user the package creates.
set -euo pipefail

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/pgbench" ]; then
    echo "Installing PostgreSQL from Debian's packages (server and pgbench)..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$bin"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local dir=$1 port=$2 bin
  bin=$(pg_bin)
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    chmod o+x "$(dirname "$dir")"  # mktemp makes 0700 directories; the server must reach its own below
  fi
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
  # 300 connections: the service's pool, pgbench's clients and the HTTP load all at once.
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -o \
    "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=off -c shared_buffers=256MB" start >/dev/null
}

pg_stop() {
  local dir=$1 bin
  bin=$(pg_bin)
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
