#!/bin/sh
# Installs what building and testing krabuan needs on Debian 12 (run as root). passwd and
# util-linux (useradd, setpriv) come with Debian; the identity tests need them, so they are named.
# libpq-dev is the PostgreSQL store's client library; postgresql is the server the tests
# start for themselves (scripts/pg-test-server.sh; its cluster is never used).
# Packages already present are left alone; the archive is only updated when needed.
set -eu
PACKAGES="g++ cmake make pkg-config
  libpugixml-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libcli11-dev
  nlohmann-json3-dev libboost-dev libboost-graph-dev libutf8proc-dev libthai-dev libssl-dev libgtest-dev libgmock-dev
  libxml2-utils sqlite3 graphviz
  libpq-dev postgresql
  passwd util-linux"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
