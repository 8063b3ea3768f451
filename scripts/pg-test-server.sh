#!/bin/sh
# A throwaway PostgreSQL server for the tests: a fresh data folder, reached only through
# a Unix socket in that folder (no TCP), trust authentication, fsync off.
#
#   scripts/pg-test-server.sh start STATE_DIR   starts one; writes STATE_DIR/conninfo
#   scripts/pg-test-server.sh env STATE_DIR     prints: export KRABUAN_TEST_PG='<conninfo>'
#   scripts/pg-test-server.sh stop STATE_DIR    stops it and removes its folder
#
# ctest runs start and stop around the PostgreSQL tests (the "postgres" fixture, with
# STATE_DIR in the build folder). By hand:
#   scripts/pg-test-server.sh start /tmp/pgt && eval "$(scripts/pg-test-server.sh env /tmp/pgt)"
#
# The server refuses to run as root, so as root it runs as a system account made for it
# (krabuan-pgtest, no home, no shell); as anyone else, as that user. Any failure says why
# and exits non-zero: the tests must not pass by skipping.
set -eu

ACCOUNT=krabuan-pgtest
DBNAME=krabuan_test

fail() {
  echo "pg-test-server: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop|env STATE_DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
command=$1
state=$2

# The newest installed server's programs (Debian keeps them out of PATH);
# PG_BIN chooses another.
pg_bin() {
  found=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
  [ -n "$found" ] && [ -x "$found/initdb" ] ||
    fail "no PostgreSQL server programs in ${PG_BIN:-/usr/lib/postgresql/*/bin}: install the 'postgresql' package (scripts/install-deps.sh)"
  echo "$found"
}

# Runs a command as the account the server runs as.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$ACCOUNT" -- "$@"
  else
    "$@"
  fi
}

server_user() {
  if [ "$(id -u)" -eq 0 ]; then echo "$ACCOUNT"; else id -un; fi
}

ensure_account() {
  [ "$(id -u)" -eq 0 ] || return 0
  id -u "$ACCOUNT" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ACCOUNT" ||
    fail "cannot create the system account $ACCOUNT (useradd failed)"
}

stop() {
  [ -f "$state/server-dir" ] || return 0
  dir=$(cat "$state/server-dir")
  if [ -d "$dir/data" ]; then
    bin=$(pg_bin)
    (cd "$dir" && as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1) || true
  fi
  case "$dir" in
    /tmp/krabuan-pg.*) rm -rf "$dir" ;;
    *) fail "refusing to remove '$dir': not a folder this script made" ;;
  esac
  rm -f "$state/server-dir" "$state/conninfo"
}

start() {
  mkdir -p "$state"
  stop   # one left by an interrupted run
  bin=$(pg_bin)
  ensure_account
  user=$(server_user)
  dir=$(mktemp -d /tmp/krabuan-pg.XXXXXX)
  echo "$dir" >"$state/server-dir"
  if [ "$(id -u)" -eq 0 ]; then chown "$ACCOUNT" "$dir"; fi
  chmod 700 "$dir"
  cd "$dir"
  as_server "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed (above)"; }
  if ! as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 2>&1; then
    tail -n 20 "$dir/server.log" >&2 || true
    fail "the server did not start (its log above)"
  fi
  as_server "$bin/createdb" -h "$dir" -U "$user" "$DBNAME" || fail "createdb $DBNAME failed"
  echo "host=$dir dbname=$DBNAME user=$user" >"$state/conninfo"
  echo "pg-test-server: running, conninfo: $(cat "$state/conninfo")"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  env)
    [ -f "$state/conninfo" ] || fail "no server started in $state (run: $0 start $state)"
    echo "export KRABUAN_TEST_PG='$(cat "$state/conninfo")'"
    ;;
  *) usage ;;
esac
