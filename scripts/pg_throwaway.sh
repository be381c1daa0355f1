#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests of the network database (Debian's `postgresql`).
#   bash scripts/pg_throwaway.sh start   → initdb in a temporary folder, start it on 127.0.0.1 and a
#                                           unix socket, create the database, print its URL on stdout
#   bash scripts/pg_throwaway.sh stop    → stop that cluster and delete its folder
# The folder is remembered in $ALIZE_PG_STATE (default /tmp/alize-pg-throwaway.state).
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user (created by
# the Debian package), or as a user `alizepg` created for it.
set -euo pipefail
STATE=${ALIZE_PG_STATE:-/tmp/alize-pg-throwaway.state}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$BIN" ]; then
  echo "PostgreSQL n'est pas installé : apt-get install -y postgresql" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

OWNER=$(id -un)
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  id -u postgres >/dev/null 2>&1 || { id -u alizepg >/dev/null 2>&1 || useradd -r -M alizepg; OWNER=alizepg; }
fi

case "${1:-start}" in
  start)
    DIR=$(mktemp -d /tmp/alize-pg-XXXXXX)
    chmod 755 "$DIR"
    chown "$OWNER" "$DIR"
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$BIN/initdb" -D "$DIR/data" -U alize -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c full_page_writes=off" start >/dev/null \
      || { cat "$DIR/server.log" >&2; exit 1; }
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U alize alize_test
    echo "$DIR" >"$STATE"
    echo "postgresql+psycopg://alize@127.0.0.1:$PORT/alize_test"
    ;;
  stop)
    [ -f "$STATE" ] || exit 0
    DIR=$(cat "$STATE")
    if [ -d "$DIR/data" ]; then as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$DIR" "$STATE"
    ;;
  *)
    echo "usage : $0 start|stop" >&2
    exit 2
    ;;
esac
